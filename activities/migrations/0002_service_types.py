from django.db import migrations

# The service types the reports name; admins can add more in Django admin.
SERVICE_TYPES = [
    ("anti_fraud", "反诈宣传", "Anti-fraud awareness"),
    ("mediation", "矛盾调解", "Dispute mediation"),
    ("patrol", "治安巡逻", "Security patrol"),
    ("red_history", "红色宣讲", "Red-history lecture"),
    ("classics", "国学课堂", "Classics class"),
    ("haircut", "义剪", "Free haircuts"),
    ("health_check", "义诊", "Free health check"),
    ("legal_advice", "法律咨询", "Legal advice"),
    ("repair", "家电维修", "Appliance repair"),
    ("cleanup", "环境整治", "Environment clean-up"),
    ("civility", "文明劝导", "Civility campaign"),
    ("study_delivery", "送学上门", "Study delivered at home"),
    ("visit", "走访慰问", "Visit and comfort"),
    ("children_class", "少儿课堂", "Children's class"),
    ("elderly_class", "老年课堂", "Elderly class"),
    ("liaison_day", "党建联络日", "Party-building liaison day"),
    ("other", "其他", "Other"),
]


def create(apps, schema_editor):
    ServiceType = apps.get_model("activities", "ServiceType")
    for order, (code, name, name_en) in enumerate(SERVICE_TYPES):
        ServiceType.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
