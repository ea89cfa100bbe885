"""Builders of the demo world. Every object is found by a natural key and updated in place,
and all randomness comes from generators seeded with fixed names, so running the seed again
(on the same day) yields the same world.

Places and teams are the public ones of the news reports in shared/seeds; people are invented.
"""

from __future__ import annotations

import datetime
import random
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from activities.services import series_generate
from casework.models import MediationCase, ResidentRequest
from community.models import Community, Compound, District, Grid, PartyOrganization, Site, Street
from community.scoping import Role
from community.validators import id_check_char
from members.models import CareArchive, ContactLog, Gender, Member, Pair, PairVisit, PartyPost, Studio
from volunteers.models import Team, TeamMembership, Volunteer

DEMO_PASSWORD = "demo12345"

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贺"
GIVEN_MALE = [
    "建国",
    "国强",
    "志明",
    "德华",
    "学军",
    "振华",
    "立新",
    "永红",
    "宏伟",
    "光荣",
    "卫东",
    "长青",
    "福生",
    "文斌",
    "金山",
    "湘江",
    "春生",
    "铁军",
]
GIVEN_FEMALE = [
    "秀英",
    "桂兰",
    "玉梅",
    "淑芬",
    "丽华",
    "春梅",
    "凤英",
    "美玲",
    "素珍",
    "月娥",
    "菊仙",
    "湘云",
    "翠萍",
    "爱华",
    "冬梅",
    "建芝",
    "红霞",
    "金凤",
]
WORK_UNITS = [
    "湘潭电机厂",
    "长沙县第一中学",
    "株洲冶炼厂",
    "县人民医院",
    "县供销社",
    "区税务局",
    "铁路局株洲段",
    "县粮食局",
    "市第三建筑公司",
    "区教育局",
]
SKILLS = [
    "理发",
    "量血压",
    "书法",
    "快板",
    "法律咨询",
    "家电维修",
    "太极拳",
    "摄影",
    "红色宣讲",
    "调解",
    "国学",
    "手指操",
]

# District → street → communities, with compounds; the administrative area code prefixes ID numbers.
PLACES = [
    (
        "长沙县",
        "430121",
        "泉塘街道",
        [
            ("泉韵社区", ["泉韵小区", "东方之珠小区"]),
            ("星港社区", ["苹果小区", "星港花园"]),
            ("景星社区", ["高林仕家小区", "景星苑"]),
        ],
    ),
    ("天元区", "430211", "栗雨街道", [("湘湾社区", ["湘湾一区", "湘湾二区"]), ("新塘社区", ["新塘家园"])]),
    ("天元区", "430211", "嵩山路街道", [("尚格社区", ["尚格名城"])]),
    ("阿克塞县", "620924", "红柳湾镇", [("民主社区", ["民主小区", "金山小区"])]),
    ("云岩区", "520103", "盐务街街道", [("盐务街社区", ["盐务街小区"])]),
    ("望城区", "430112", "月亮岛街道", [("金甲社区", ["澳海澜庭小区"])]),
]


@dataclass
class Seeded:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _rng(*key) -> random.Random:
    return random.Random("|".join(str(k) for k in key))


def _name(rng: random.Random, gender: str) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE)


def _id_number(area: str, birth: datetime.date, serial: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "135", "137", "150", "151", "158", "186", "187", "189"])
        + f"{rng.randrange(10**8):08d}"
    )


def build_places() -> dict[str, Community]:
    communities = {}
    for district_name, _area, street_name, comms in PLACES:
        district, _ = District.objects.get_or_create(name=district_name)
        street, _ = Street.objects.get_or_create(district=district, name=street_name)
        for community_name, compounds in comms:
            community, _ = Community.objects.update_or_create(
                street=street,
                name=community_name,
                defaults={
                    "address": f"{street_name}{community_name}居委会",
                    "phone": f"0731-8{zlib.crc32(community_name.encode()) % 10**7:07d}",
                },
            )
            for compound_name in compounds:
                Compound.objects.get_or_create(community=community, name=compound_name)
            for n in (1, 2, 3):
                Grid.objects.get_or_create(community=community, name=f"第{n}网格")
            communities[community_name] = community
    return communities


def _area_of(community: Community) -> str:
    for district_name, area, street_name, _ in PLACES:
        if community.street.name == street_name and community.street.district.name == district_name:
            return area
    return "430121"


def build_party_and_sites(communities: dict[str, Community]) -> None:
    for community in communities.values():
        street = community.street
        committee, _ = PartyOrganization.objects.update_or_create(
            street=street,
            name=f"{community.name}党委",
            defaults={"community": community, "level": PartyOrganization.Level.COMMITTEE},
        )
        PartyOrganization.objects.update_or_create(
            street=street,
            name=f"{community.name}离退休干部党支部",
            defaults={
                "community": community,
                "parent": committee,
                "level": PartyOrganization.Level.BRANCH,
                "category": PartyOrganization.Category.RETIRED_CADRES,
            },
        )
        for compound in community.compounds.all():
            PartyOrganization.objects.update_or_create(
                street=street,
                name=f"{compound.name}党支部",
                defaults={
                    "community": community,
                    "compound": compound,
                    "parent": committee,
                    "level": PartyOrganization.Level.BRANCH,
                    "category": PartyOrganization.Category.COMPOUND,
                },
            )
        centre, _ = Site.objects.update_or_create(
            street=street,
            community=community,
            name=f"{community.name}党群服务中心",
            defaults={
                "kind": Site.Kind.SERVICE_CENTRE,
                "network_role": Site.NetworkRole.CENTRE,
                "opening_hours": "周一至周六 8:30-17:30",
            },
        )
        for room in ("棋牌室", "台球室", "图书室", "舞蹈室"):
            Site.objects.update_or_create(
                street=street, community=community, parent=centre, name=room, defaults={"kind": Site.Kind.ROOM}
            )
        Site.objects.update_or_create(
            street=street,
            community=community,
            name=f"{community.name}和事厅",
            defaults={"kind": Site.Kind.MEDIATION_ROOM},
        )
    named_sites = [
        ("尚格社区", "“美在金秋”老党员之家", Site.Kind.OLD_MEMBERS_HOME, "每周六 8:00-11:30"),
        ("新塘社区", "“幸福港湾”老党员之家", Site.Kind.OLD_MEMBERS_HOME, "周一至周五 9:00-17:00"),
        ("盐务街社区", "健康小屋", Site.Kind.HEALTH_HUT, "每周二、四 9:00-11:30"),
        ("盐务街社区", "阅读书吧", Site.Kind.READING_BAR, "每天 9:00-18:00"),
        ("金甲社区", "澳海澜庭雷锋驿站", Site.Kind.LEIFENG_STATION, ""),
        ("泉韵社区", "泉韵新时代文明实践站", Site.Kind.CIVILIZATION_STATION, ""),
    ]
    for community_name, name, kind, hours in named_sites:
        community = communities[community_name]
        Site.objects.update_or_create(
            street=community.street,
            community=community,
            name=name,
            defaults={"kind": kind, "opening_hours": hours, "network_role": Site.NetworkRole.STATION},
        )


def build_members(communities: dict[str, Community], per_community: int = 30) -> None:
    today = timezone.localdate()
    for community in communities.values():
        rng = _rng("members", community.name)
        area = _area_of(community)
        compounds = list(community.compounds.all())
        grids = list(community.grids.all())
        branches = list(community.party_organizations.filter(level=PartyOrganization.Level.BRANCH))
        for i in range(per_community):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            birth = datetime.date(rng.randint(1936, 1964), rng.randint(1, 12), rng.randint(1, 28))
            joined = datetime.date(birth.year + rng.randint(20, 35), rng.randint(1, 12), rng.randint(1, 28))
            frail = birth.year < 1946 or rng.random() < 0.1
            member, _ = Member.objects.update_or_create(
                id_number=_id_number(area, birth, i * 2 + (1 if gender == Gender.MALE else 2)),
                defaults={
                    "name": _name(rng, gender),
                    "gender": gender,
                    "birth_date": birth,
                    "phone": _phone(rng),
                    "community": community,
                    "compound": rng.choice(compounds),
                    "grid": rng.choice(grids),
                    "address": f"{rng.choice(compounds).name}{rng.randint(1, 12)}栋{rng.randint(1, 6)}0{rng.randint(1, 4)}",
                    "party_organization": rng.choice(branches),
                    "party_joined_on": joined if joined < today else None,
                    "former_work_unit": rng.choice(WORK_UNITS),
                    "retired_on": datetime.date(birth.year + (60 if gender == Gender.MALE else 55), birth.month, 1),
                    "is_old_party_member": True,
                    "is_old_cadre": rng.random() < 0.4,
                    "is_old_expert": rng.random() < 0.15,
                    "is_old_soldier": rng.random() < 0.15,
                    "is_old_model": rng.random() < 0.08,
                    "skills": "、".join(rng.sample(SKILLS, 2)),
                    "lives_alone": rng.random() < 0.15,
                    "widowed": rng.random() < 0.2,
                    "seriously_ill": frail and rng.random() < 0.3,
                    "management_mode": Member.ManagementMode.CARE if frail else Member.ManagementMode.DIRECT,
                },
            )
            # Contacts this quarter for about two thirds, and some last quarter.
            for days_ago in rng.sample([3, 12, 25, 40, 70, 100], 2):
                if rng.random() < 0.6:
                    ContactLog.objects.update_or_create(
                        member=member,
                        contacted_on=today - datetime.timedelta(days=days_ago),
                        defaults={
                            "method": rng.choice(ContactLog.Method.values),
                            "contact_person": "网格员",
                            "content": rng.choice(
                                [
                                    "身体还好，关心社区活动安排",
                                    "反映楼道灯坏了",
                                    "希望多组织健康讲座",
                                    "聊了聊孙子上学的事",
                                ]
                            ),
                            "needs": rng.choice(["", "", "楼道灯维修", "上门理发"]),
                        },
                    )
        # Branch secretaries, so quarterly contact lists have someone to go to.
        for branch in branches:
            secretary = community.members.filter(party_organization=branch).order_by("id_number").first()
            if secretary:
                PartyPost.objects.get_or_create(organization=branch, member=secretary, role=PartyPost.Role.SECRETARY)


def build_care(communities: dict[str, Community]) -> None:
    today = timezone.localdate()
    for community in communities.values():
        rng = _rng("care", community.name)
        area = _area_of(community)
        helpers = list(community.members.filter(management_mode=Member.ManagementMode.DIRECT).order_by("id_number")[:6])
        for i in range(6):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            birth = datetime.date(rng.randint(1930, 1948), rng.randint(1, 12), rng.randint(1, 28))
            archive, _ = CareArchive.objects.update_or_create(
                id_number=_id_number(area, birth, 500 + i),
                defaults={
                    "name": _name(rng, gender),
                    "gender": gender,
                    "birth_date": birth,
                    "phone": _phone(rng),
                    "community": community,
                    "compound": community.compounds.first(),
                    "address": f"{community.compounds.first().name}{rng.randint(1, 12)}栋",
                    "elderly_alone": True,
                    "lost_only_child": rng.random() < 0.25,
                    "hardship": rng.random() < 0.3,
                    "health": rng.choice(["高血压", "行动不便", "糖尿病", "身体尚可"]),
                    "family_situation": rng.choice(["子女在外地工作", "老伴已去世", "独生子女已去世"]),
                    "helper_name": helpers[i % len(helpers)].name if helpers else "",
                    "helper_phone": helpers[i % len(helpers)].phone if helpers else "",
                    "opened_on": today - datetime.timedelta(days=200),
                },
            )
            if helpers:
                pair, _ = Pair.objects.get_or_create(
                    community=community,
                    helped_archive=archive,
                    kind=Pair.Kind.VOLUNTEER_ALONE,
                    defaults={"helper": helpers[i % len(helpers)], "started_on": today - datetime.timedelta(days=180)},
                )
                for weeks in (1, 3, 6):
                    PairVisit.objects.get_or_create(
                        pair=pair,
                        visited_on=today - datetime.timedelta(weeks=weeks),
                        defaults={"content": "上门问候，帮忙打扫卫生"},
                    )
        old = list(community.members.order_by("birth_date")[:3])
        young = list(community.members.order_by("-birth_date")[:3])
        for helper, helped in zip(young, old, strict=False):
            Pair.objects.get_or_create(
                community=community,
                helper=helper,
                helped_member=helped,
                kind=Pair.Kind.YOUNG_OLD,
                defaults={"started_on": today - datetime.timedelta(days=300)},
            )
        leader = community.members.order_by("id_number").first()
        if leader:
            Studio.objects.update_or_create(
                community=community,
                name=f"{leader.name}书法工作室",
                defaults={"leader": leader, "focus": "书法教学、写春联"},
            )


TEAMS = [
    # name, community (None: street-wide), street, sub-teams
    ("五老红", "泉韵社区", "泉塘街道", []),
    ("邻里帮帮团", "星港社区", "泉塘街道", []),
    ("惠管家", "景星社区", "泉塘街道", ["先锋管家", "巾帼管家", "老兵管家", "平安管家", "健康管家", "小管家"]),
    ("红霞映天元", None, "栗雨街道", []),
    ("美在金秋", "尚格社区", "嵩山路街道", []),
    ("银晖先锋", "民主社区", "红柳湾镇", []),
    ("盐务街老干部志愿队", "盐务街社区", "盐务街街道", []),
    ("澳海澜庭志愿服务队", "金甲社区", "月亮岛街道", []),
]


def build_volunteers_and_teams(communities: dict[str, Community], per_community: int = 25) -> dict[str, Team]:
    today = timezone.localdate()
    for community in communities.values():
        rng = _rng("volunteers", community.name)
        area = _area_of(community)
        # About half of the retired members volunteer, then residents who are not members.
        for member in community.members.order_by("id_number")[: per_community // 2]:
            Volunteer.objects.update_or_create(
                member=member,
                defaults={
                    "name": member.name,
                    "gender": member.gender,
                    "birth_date": member.birth_date,
                    "id_number": member.id_number,
                    "phone": member.phone,
                    "community": community,
                    "political_status": Volunteer.PoliticalStatus.PARTY,
                    "skills": member.skills,
                    "registered_on": today - datetime.timedelta(days=rng.randint(200, 1500)),
                },
            )
        for i in range(per_community - per_community // 2):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            teen = i == 0
            birth = (
                datetime.date(today.year - 16, 3, 10)
                if teen
                else datetime.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28))
            )
            Volunteer.objects.update_or_create(
                id_number=_id_number(area, birth, 700 + i),
                defaults={
                    "name": _name(rng, gender),
                    "gender": gender,
                    "birth_date": birth,
                    "phone": _phone(rng),
                    "community": community,
                    "political_status": Volunteer.PoliticalStatus.LEAGUE
                    if teen
                    else rng.choice([Volunteer.PoliticalStatus.MASSES, Volunteer.PoliticalStatus.PARTY]),
                    "skills": "、".join(rng.sample(SKILLS, 2)),
                    "registered_on": today - datetime.timedelta(days=rng.randint(30, 900)),
                    "guardian_name": "监护人" if teen else "",
                    "guardian_consent_on": today - datetime.timedelta(days=20) if teen else None,
                },
            )
    teams = {}
    for name, community_name, street_name, subteams in TEAMS:
        street = Street.objects.get(name=street_name)
        community = communities.get(community_name) if community_name else None
        team, _ = Team.objects.update_or_create(
            street=street,
            name=name,
            defaults={
                "community": community,
                "party_organization": PartyOrganization.objects.filter(community=community).first()
                if community
                else None,
                "founded_on": datetime.date(2017, 5, 4),
            },
        )
        teams[name] = team
        pool = (
            Volunteer.objects.filter(community=community)
            if community
            else Volunteer.objects.filter(community__street=street)
        )
        pool = list(pool.order_by("volunteer_number", "id_number"))
        for index, volunteer in enumerate(pool[:18]):
            role = (
                TeamMembership.Role.LEADER
                if index == 0
                else TeamMembership.Role.DEPUTY
                if index == 1
                else TeamMembership.Role.MEMBER
            )
            TeamMembership.objects.get_or_create(
                team=team,
                volunteer=volunteer,
                left_on=None,
                defaults={"role": role, "joined_on": datetime.date(2023, 3, 5)},
            )
        for sub_index, sub in enumerate(subteams):
            subteam, _ = Team.objects.update_or_create(
                street=street, name=sub, defaults={"community": community, "parent": team}
            )
            for volunteer in pool[sub_index * 3 : sub_index * 3 + 3]:
                TeamMembership.objects.get_or_create(
                    team=subteam, volunteer=volunteer, left_on=None, defaults={"joined_on": datetime.date(2023, 6, 1)}
                )
    return teams


def build_users(communities: dict[str, Community], teams: dict[str, Team]) -> None:
    quantang = Street.objects.get(name="泉塘街道")
    quanyun = communities["泉韵社区"]
    staff_group, _ = Group.objects.get_or_create(name="社区工作人员")
    domain_apps = ["community", "members", "volunteers", "activities", "casework"]
    perms = Permission.objects.filter(content_type__app_label__in=domain_apps).exclude(codename__startswith="delete_")
    staff_group.permissions.set(perms)

    def user(username: str, **fields) -> User:
        obj, created = User.objects.update_or_create(username=username, defaults=fields)
        if created or not obj.check_password(DEMO_PASSWORD):
            obj.set_password(DEMO_PASSWORD)
            obj.save(update_fields=["password"])
        return obj

    user("admin", role=Role.ADMIN, is_superuser=True, is_staff=True, display_name="平台管理员")
    street = user("street", role=Role.STREET_STAFF, street=quantang, is_staff=True, display_name="泉塘街道 周干事")
    staff = user(
        "staff",
        role=Role.COMMUNITY_STAFF,
        street=quantang,
        community=quanyun,
        is_staff=True,
        display_name="泉韵社区 刘网格员",
    )
    street.groups.add(staff_group)
    staff.groups.add(staff_group)
    # The leader and a member of 五老红 get logins of their own.
    team = teams["五老红"]
    leader_membership = team.memberships.filter(role=TeamMembership.Role.LEADER).select_related("volunteer").first()
    leader = user(
        "leader",
        role=Role.TEAM_LEADER,
        street=quantang,
        community=quanyun,
        display_name=leader_membership.volunteer.name,
    )
    Volunteer.objects.filter(pk=leader_membership.volunteer_id).update(user=leader)
    member = (
        team.memberships.filter(role=TeamMembership.Role.MEMBER, volunteer__birth_date__year__lt=1990)
        .order_by("volunteer__volunteer_number")
        .select_related("volunteer")
        .first()
    )
    volunteer = user(
        "volunteer",
        role=Role.VOLUNTEER,
        street=quantang,
        community=quanyun,
        display_name=member.volunteer.name,
        phone="13900000001",
    )
    Volunteer.objects.filter(pk=member.volunteer_id).update(user=volunteer)


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build_activities(communities: dict[str, Community], teams: dict[str, Team]) -> None:
    today = timezone.localdate()
    season_start = today - datetime.timedelta(days=91)
    types = {t.code: t for t in ServiceType.objects.all()}
    admin = User.objects.get(username="admin")
    shangge = communities["尚格社区"]
    haircut_site = Site.objects.get(community=shangge, name="“美在金秋”老党员之家")
    series = [
        dict(
            title="爱心义剪：为60岁以上老人免费理发",
            service_type=types["haircut"],
            team=teams["美在金秋"],
            street=shangge.street,
            community=shangge,
            site=haircut_site,
            rrule="FREQ=WEEKLY;BYDAY=SA",
            start_time=datetime.time(8, 30),
            duration_minutes=180,
            capacity=6,
            what_to_bring="理发工具、围布",
            description="每周六上午在老党员之家为老人免费理发，行动不便的老人可上门。",
        ),
        dict(
            title="城市基层党建联系日：义诊、法律咨询、手指操",
            service_type=types["liaison_day"],
            team=teams["红霞映天元"],
            street=Street.objects.get(name="栗雨街道"),
            community=None,
            site=None,
            address="湘湾社区广场",
            rrule="FREQ=MONTHLY;BYMONTHDAY=15",
            start_time=datetime.time(9, 0),
            duration_minutes=150,
            capacity=20,
            is_public=True,
            what_to_bring="血压计、宣传册",
        ),
        dict(
            title="五老红平安巡逻",
            service_type=types["patrol"],
            team=teams["五老红"],
            street=communities["泉韵社区"].street,
            community=communities["泉韵社区"],
            site=None,
            address="泉韵小区东门集合",
            rrule="FREQ=WEEKLY;BYDAY=TU,FR",
            start_time=datetime.time(19, 0),
            duration_minutes=90,
            capacity=8,
            what_to_bring="红袖章、手电筒",
        ),
    ]
    for spec in series:
        obj, _ = ActivitySeries.objects.update_or_create(
            title=spec.pop("title"),
            street=spec.pop("street"),
            defaults={**spec, "starts_on": season_start, "created_by": admin},
        )
        series_generate(series=obj, since=season_start, until=today + datetime.timedelta(weeks=8))
    one_offs = [
        ("泉韵社区", "五老红", "小园丁护苗成长小课堂", "children_class", 10, 9),
        ("泉韵社区", "五老红", "防范电信网络诈骗宣讲", "anti_fraud", -20, 15),
        ("泉韵社区", "五老红", "走访慰问独居老人", "visit", -8, 9),
        ("泉韵社区", "五老红", "红色故事进校园", "red_history", 5, 14),
        ("泉韵社区", "五老红", "重阳节敬老茶话会", "elderly_class", -36, 9),
        ("星港社区", "邻里帮帮团", "快板说移风易俗", "civility", -15, 15),
        ("星港社区", "邻里帮帮团", "小区环境整治", "cleanup", 3, 8),
        ("景星社区", "惠管家", "家电义务维修", "repair", -6, 9),
        ("景星社区", "惠管家", "健康管家量血压", "health_check", 2, 9),
        ("民主社区", "银晖先锋", "邻里纠纷调解日", "mediation", -12, 10),
        ("盐务街社区", "盐务街老干部志愿队", "健康小屋义诊", "health_check", -3, 9),
        ("金甲社区", "澳海澜庭志愿服务队", "国学经典诵读课", "classics", 7, 15),
        ("湘湾社区", "红霞映天元", "党史志愿宣讲", "red_history", -45, 9),
        ("新塘社区", "红霞映天元", "送学上门", "study_delivery", -27, 10),
    ]
    for community_name, team_name, title, type_code, day_offset, hour in one_offs:
        community = communities[community_name]
        start = _local(today + datetime.timedelta(days=day_offset), hour)
        Activity.objects.update_or_create(
            title=title,
            community=community,
            street=community.street,
            defaults={
                "service_type": types[type_code],
                "team": teams[team_name],
                "start": start,
                "end": start + datetime.timedelta(hours=2),
                "capacity": 10,
                "status": Activity.Status.PUBLISHED,
                "address": f"{community.name}党群服务中心",
                "created_by": admin,
                "requires_insurance": type_code == "cleanup",
                "insurance_policy": "PICC-2026-0815" if type_code == "cleanup" else "",
            },
        )


def build_signups_and_records(now: datetime.datetime | None = None) -> None:
    """Sign-ups for every activity from its team; past ones done, with confirmed hours."""
    now = now or timezone.now()
    confirmer = User.objects.get(username="admin")
    for activity in Activity.objects.select_related("team", "service_type").order_by("start", "pk"):
        if activity.team_id is None:
            continue
        rng = _rng("signups", activity.title, activity.start.isoformat())
        team_volunteers = list(
            Volunteer.objects.filter(memberships__team=activity.team, memberships__left_on__isnull=True)
            .order_by("volunteer_number")
            .distinct()
        )
        chosen = rng.sample(team_volunteers, min(len(team_volunteers), (activity.capacity or 8) + 2))
        for position, volunteer in enumerate(chosen):
            confirmed = activity.capacity is None or position < activity.capacity
            signup, _ = SignUp.objects.update_or_create(
                activity=activity,
                volunteer=volunteer,
                defaults={
                    "status": SignUp.Status.CONFIRMED if confirmed else SignUp.Status.WAITLISTED,
                    "queued_at": activity.start - datetime.timedelta(days=3, minutes=-position),
                },
            )
            if activity.end < now and confirmed:
                SignUp.objects.filter(pk=signup.pk).update(
                    checked_in_at=activity.start, checked_out_at=activity.end, check_method=SignUp.CheckMethod.STAFF
                )
                ServiceRecord.objects.update_or_create(
                    volunteer=volunteer,
                    activity=activity,
                    defaults={
                        "signup": signup,
                        "community_id": activity.community_id or volunteer.community_id,
                        "service_type": activity.service_type,
                        "date": timezone.localtime(activity.start).date(),
                        "place": activity.place,
                        "served": activity.get_target_group_display(),
                        "content": activity.title,
                        "hours": Decimal(activity.planned_hours).quantize(Decimal("0.01")),
                        "rating": 5,
                        "person_in_charge": activity.team.name,
                        "status": ServiceRecord.Status.CONFIRMED,
                        "recorded_by": confirmer,
                        "confirmed_by": confirmer,
                        "confirmed_at": activity.end,
                    },
                )
        if activity.end < now and activity.status == Activity.Status.PUBLISHED:
            Activity.objects.filter(pk=activity.pk).update(
                status=Activity.Status.DONE,
                beneficiaries_count=10 + rng.randint(0, 40),
                summary="活动顺利完成，居民反响良好。",
            )
    # Long-serving volunteers of 五老红 have years of history, so star levels show.
    for index, volunteer in enumerate(
        Volunteer.objects.filter(memberships__team__name="五老红").order_by("volunteer_number")[:4]
    ):
        ServiceRecord.objects.update_or_create(
            volunteer=volunteer,
            activity=None,
            date=datetime.date(2024, 12, 31),
            defaults={
                "community_id": volunteer.community_id,
                "hours": Decimal(24),
                "content": "2024年度以前累计服务（补录）",
                "status": ServiceRecord.Status.CONFIRMED,
                "confirmed_by": confirmer,
                "confirmed_at": now,
            },
        )
        for year_day in range(index * 5 + 4):
            ServiceRecord.objects.update_or_create(
                volunteer=volunteer,
                activity=None,
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=year_day * 7),
                defaults={
                    "community_id": volunteer.community_id,
                    "hours": Decimal(8),
                    "content": "社区日常志愿服务（补录）",
                    "status": ServiceRecord.Status.CONFIRMED,
                    "confirmed_by": confirmer,
                    "confirmed_at": now,
                },
            )


def build_casework(communities: dict[str, Community]) -> None:
    today = timezone.localdate()
    for community in communities.values():
        rng = _rng("casework", community.name)
        volunteers = list(community.volunteers.order_by("volunteer_number")[:5])
        wishes = [
            ("楼道灯维修", ResidentRequest.Kind.REQUEST),
            ("希望有人陪同去医院复查", ResidentRequest.Kind.MICRO_WISH),
            ("想要一副老花镜", ResidentRequest.Kind.MICRO_WISH),
            ("小区健身器材损坏", ResidentRequest.Kind.REQUEST),
        ]
        for index, (title, kind) in enumerate(wishes):
            status = [
                ResidentRequest.Status.RAISED,
                ResidentRequest.Status.ASSIGNED,
                ResidentRequest.Status.DONE,
                ResidentRequest.Status.DONE,
            ][index]
            raised = today - datetime.timedelta(days=10 + index * 9)
            ResidentRequest.objects.update_or_create(
                community=community,
                title=title,
                defaults={
                    "kind": kind,
                    "requester_name": _name(rng, Gender.FEMALE),
                    "status": status,
                    "raised_on": raised,
                    "assigned_volunteer": volunteers[index % len(volunteers)]
                    if volunteers and status != ResidentRequest.Status.RAISED
                    else None,
                    "assigned_on": raised + datetime.timedelta(days=1)
                    if status != ResidentRequest.Status.RAISED
                    else None,
                    "done_on": raised + datetime.timedelta(days=5) if status == ResidentRequest.Status.DONE else None,
                    "result": "已办结" if status == ResidentRequest.Status.DONE else "",
                    "satisfaction": 5 if status == ResidentRequest.Status.DONE else None,
                },
            )
        room = community.sites.filter(kind=Site.Kind.MEDIATION_ROOM).first()
        cases = [
            ("楼上装修噪音扰民", MediationCase.Kind.RENOVATION),
            ("楼道堆放杂物", MediationCase.Kind.RUBBISH),
            ("夫妻因赡养老人发生争执", MediationCase.Kind.FAMILY),
        ]
        for index, (title, kind) in enumerate(cases):
            received = today - datetime.timedelta(days=15 + index * 20)
            closed = index > 0
            MediationCase.objects.update_or_create(
                community=community,
                title=title,
                defaults={
                    "kind": kind,
                    "parties": "张某（3栋501）\n李某（3栋401）",
                    "site": room,
                    "received_on": received,
                    "mediator": volunteers[0] if volunteers else None,
                    "status": MediationCase.Status.RESOLVED if closed else MediationCase.Status.MEDIATING,
                    "closed_on": received + datetime.timedelta(days=3) if closed else None,
                    "outcome": "双方达成谅解，签订调解协议" if closed else "",
                },
            )


def seed_world() -> dict[str, int]:
    communities = build_places()
    build_party_and_sites(communities)
    build_members(communities)
    build_care(communities)
    teams = build_volunteers_and_teams(communities)
    build_users(communities, teams)
    build_activities(communities, teams)
    build_signups_and_records()
    build_casework(communities)
    return {
        "communities": Community.objects.count(),
        "members": Member.objects.count(),
        "care archives": CareArchive.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "teams": Team.objects.count(),
        "activities": Activity.objects.count(),
        "sign-ups": SignUp.objects.count(),
        "service records": ServiceRecord.objects.count(),
        "contact logs": ContactLog.objects.count(),
        "requests": ResidentRequest.objects.count(),
        "mediation cases": MediationCase.objects.count(),
    }
