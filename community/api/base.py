"""The one base every API endpoint stands on: scoping, permissions, atomic writes, one error
shape, and masking of personal data.

Ideas borrowed, not code: NetBox `netbox/api/viewsets` (restrict the queryset to what the user
may see, write inside a transaction and check the result is still inside the user's scope,
re-read the saved object through the same queryset for the response) and pretix
`api/views/waitinglist.py` (the write path takes the organiser from the user, never from the
client).

The rules, in order:
1. Every queryset starts from the model's `visible_to(user)`; what is outside is a 404.
2. Every related object a client names by id must itself be visible to the user
   (`ScopedRelatedField`), so an id of another community reads as "does not exist".
3. Community staff write only into their own community: the community is injected from the
   user, and the street follows from the community.
4. After a write the object must still be visible to the writer, or the transaction rolls back.
5. Business rules stay in the services; Django `ValidationError`/`PermissionDenied` they raise
   become 400/403 in the one error shape of `api_exception_handler`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from community.scoping import STAFF_ROLES, Role, sees_personal_data
from community.validators import mask_id_number, mask_phone

# --- Roles ---------------------------------------------------------------------------------

ALL_ROLES = frozenset(Role)
STAFF = frozenset(STAFF_ROLES)
ADMIN_ONLY = frozenset({Role.ADMIN})
ADMIN_AND_STREET = frozenset({Role.ADMIN, Role.STREET_STAFF})


def role_of(user) -> str | None:
    """The role a user acts in; a superuser acts as platform admin whatever their role field says."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_own_record(user, instance) -> bool:
    """A person's own record (their volunteer or member profile) is never masked for them."""
    return bool(user and user.is_authenticated and getattr(instance, "user_id", None) == user.pk)


# --- Errors: one shape across the API ----------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with data that already exists.")
    default_code = "conflict"


def _django_error_detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"hours": {"0": ["..."]}} -> {"hours.0": ["..."]}: every field error under one dotted key."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(item) for item in detail]} if detail else {}
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}


def _first_code(codes: Any) -> str:
    while isinstance(codes, dict | list):
        if not codes:
            return "error"
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return str(codes)


def error_body(exc: exceptions.APIException) -> dict:
    """{"code", "message", "fields"}: `fields` maps each input field to its messages."""
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop(api_settings.NON_FIELD_ERRORS_KEY, [])
        message = " ".join(general) if general else str(_("Please correct the marked fields."))
        code = _first_code(exc.get_codes()) if general else "invalid"
        return {"code": code, "message": message, "fields": fields}
    detail = exc.detail
    if isinstance(detail, list | dict):
        message = " ".join(" ".join(messages) for messages in _flatten(detail).values())
    else:
        message = str(detail)
    return {"code": _first_code(exc.get_codes()), "message": message, "fields": {}}


def api_exception_handler(exc, context):
    """DRF's handler, fed with Django's exceptions too, answering in the one error shape:
    {"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}.
    Messages follow the request's language (LocaleMiddleware reads Accept-Language)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_("Other records still refer to this one, so it cannot be deleted."), code="protected")
    elif isinstance(exc, OverflowError | DataError):
        # A number or text beyond what the database stores: bad input that slipped past validation.
        exc = exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("A value in the request is out of range.")]}, code="out_of_range"
        )
    elif isinstance(exc, IntegrityError):
        # The last line of defence: validation should have caught it, the database did.
        exc = Conflict(_("This conflicts with data that already exists; reload and try again."))
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = {"error": error_body(exc)}
    return response


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable: invalid, not_found, permission_denied, throttled ...")
    message = serializers.CharField(help_text="For people, in the language of Accept-Language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (nested fields joined with dots).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error responses every endpoint can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403", "429"]
        if self.method in ("POST", "PUT", "PATCH") or (self.method == "GET" and self._is_list_view()):
            codes.insert(0, "400")
        if "{" in self.path:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        return responses


# --- Pagination ---------------------------------------------------------------------------------


class ApiPagination(PageNumberPagination):
    """?page=2&page_size=100, answered with count, next, previous and results."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# --- Related objects: only what the user can see ---------------------------------------------------


def scope_users(queryset, user):
    """Logins a user may name (e.g. the staff a request is assigned to): staff see the logins of
    their communities, everyone else only themselves."""
    from community.models import Community

    role = role_of(user)
    if role == Role.ADMIN:
        return queryset
    if role in STAFF:
        communities = Community.objects.visible_to(user)
        street_id = user.street_id if role == Role.STREET_STAFF else user.community.street_id
        return queryset.filter(models.Q(community__in=communities) | models.Q(street_id=street_id)).distinct()
    return queryset.filter(pk=user.pk)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key given by id that must be visible to the requesting user: an object of
    another community answers "does not exist", exactly like one that does not."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, int) and abs(data) > 2**63 - 1):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and len(data) > 18:
            self.fail("does_not_exist", pk_value=data[:20])
        return super().to_internal_value(data)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        if queryset.model is _user_model():
            return scope_users(queryset, request.user)
        return queryset  # dictionaries without a scope (districts, service types)


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


# --- Personal data --------------------------------------------------------------------------------

MASK_ID = "id"
MASK_PHONE = "phone"
MASK_TEXT = "text"
MASK_DROP = "drop"

_MASKERS: dict[str, Callable[[Any], Any]] = {
    MASK_ID: mask_id_number,
    MASK_PHONE: mask_phone,
    MASK_TEXT: lambda value: "***" if value else value,
}


class PersonalDataMixin:
    """Masks the fields named in `personal_fields` for users who may not see personal data
    (DESIGN.md §6): ID numbers and phones keep their first and last digits, free text becomes
    "***" (so one can tell there is something), and flags and dates are left out."""

    personal_fields: dict[str, str] = {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if self.personal_fields and not (self._sees_personal_data(user) or is_own_record(user, instance)):
            for name, how in self.personal_fields.items():
                if name not in data:
                    continue
                if how == MASK_DROP:
                    del data[name]
                else:
                    data[name] = _MASKERS[how](data[name])
        return data

    def _sees_personal_data(self, user) -> bool:
        if "sees_personal_data" not in self.context:
            self.context["sees_personal_data"] = sees_personal_data(user)
        return self.context["sees_personal_data"]


# --- Serializers ------------------------------------------------------------------------------------


class ScopedModelSerializer(PersonalDataMixin, serializers.ModelSerializer):
    """A ModelSerializer whose foreign keys accept only visible objects, whose writes fill in the
    community and street from the user, and whose saves run the model's own validation
    (`full_clean`: field validators, `clean()`, unique and check constraints), so bad input is a
    400 with a message per field rather than a database error."""

    serializer_related_field = ScopedRelatedField
    # Foreign keys that may point into another community of the street (e.g. a street team).
    cross_community_fields: tuple[str, ...] = ()

    @property
    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_fields(self):
        fields = super().get_fields()
        for name in ("community", "street"):
            # Filled in from the user when they work in one community or street.
            if name in fields and not fields[name].read_only:
                fields[name].required = False
        return fields

    def get_validators(self):
        # DRF's unique-together validators would demand the community and street from the
        # client before they are filled in; `full_clean()` checks every constraint on save.
        return []

    # -- Where the object belongs --------------------------------------------------------------

    def _model_field_names(self) -> set[str]:
        return {f.name for f in self.Meta.model._meta.concrete_fields}

    def write_scope(self, attrs: dict) -> dict:
        """Values the user's role imposes on a write: community staff write into their own
        community; the street always follows from the community."""
        user, role = self._user, role_of(self._user)
        names = self._model_field_names()
        scope: dict = {}
        creating = self.instance is None
        if "community" in names and role == Role.COMMUNITY_STAFF and (creating or "community" in attrs):
            scope["community"] = user.community
        if "street" in names:
            if "community" in scope:
                community = scope["community"]
            elif "community" in attrs:
                community = attrs["community"]
            elif "community" in names and not creating:
                community = self.instance.community
            else:
                community = None
            if community is not None:
                scope["street"] = community.street
            elif role == Role.STREET_STAFF:
                scope["street"] = user.street
        return scope

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs.update(self.write_scope(attrs))
        names = self._model_field_names()
        errors = {}
        for name in ("community", "street"):
            field = self.Meta.model._meta.get_field(name) if name in names else None
            if field is not None and not field.null and self.instance is None and attrs.get(name) is None:
                errors[name] = [_("This field is required.")]
        community = attrs.get("community", getattr(self.instance, "community", None) if "community" in names else None)
        if community is not None:
            for name, value in attrs.items():
                if name in ("community", *self.cross_community_fields) or not isinstance(value, models.Model):
                    continue
                other = getattr(value, "community_id", None)
                if other is not None and other != community.pk:
                    errors[name] = [_("This belongs to another community.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    # -- Saving with the model's own validation -----------------------------------------------------

    def create(self, validated_data):
        many_to_many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if name in self.Meta.model._meta._forward_fields_map and self.Meta.model._meta.get_field(name).many_to_many
        }
        instance = self.Meta.model(**validated_data)
        instance.full_clean()
        instance.save()
        for name, value in many_to_many.items():
            getattr(instance, name).set(value)
        return instance

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        return instance


# --- Permissions ------------------------------------------------------------------------------------


class ScopedPermission(BasePermission):
    """Reading needs a login (or `anonymous_read` on the view); writing needs a role the view
    allows for the action, and then the view's say on the object itself."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return request.method in SAFE_METHODS and getattr(view, "anonymous_read", False)
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True  # reading, or a method the view lacks (405 follows)
        return view.may_write(request)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return view.may_write_object(request, obj)


# --- Viewsets ---------------------------------------------------------------------------------------


class ScopedViewSetMixin:
    """Thin viewsets name a queryset (with its select/prefetch), a serializer and a filterset;
    this does the rest. See the module docstring for the rules."""

    permission_classes = [ScopedPermission]
    pagination_class = ApiPagination
    # Up to 18 digits: ids fit the database; anything else is a 404 from the URL resolver.
    lookup_value_regex = r"\d{1,18}"
    # Roles that may create, change and delete; custom actions list theirs in `action_roles`.
    write_roles: frozenset = STAFF
    action_roles: dict[str, frozenset] = {}
    anonymous_read = False
    # With aggregate annotations (counts, sums) scoping joins would multiply the sums, so such
    # views scope with `pk IN (visible ids)` instead of filtering the annotated queryset.
    scope_by_subquery = False

    # -- Reading ---------------------------------------------------------------------------------

    def scope(self, queryset):
        user = self.request.user
        if self.scope_by_subquery:
            visible = queryset.model._default_manager.visible_to(user).values("pk")
            return queryset.filter(pk__in=visible)
        return queryset.visible_to(user)

    def base_queryset(self):
        """The unscoped queryset with its select/prefetch/annotations; override when it depends
        on the day (quarter bounds) rather than on the class."""
        return super().get_queryset()

    def get_queryset(self):
        queryset = self.base_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        queryset = self.scope(queryset)
        if not queryset.ordered:
            # Meta.ordering is dropped from GROUP BY queries (annotated counts and sums), and
            # pages of an unordered list may overlap.
            queryset = queryset.order_by(*(queryset.model._meta.ordering or ["pk"]))
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None:
            context["sees_personal_data"] = sees_personal_data(self.request.user)
        return context

    # -- Who may write -----------------------------------------------------------------------------

    def may_write(self, request) -> bool:
        roles = self.action_roles.get(self.action, self.write_roles)
        return role_of(request.user) in roles

    def may_write_object(self, request, obj) -> bool:
        """Community staff change only what belongs to their own community (street-wide objects
        they can see stay read-only for them)."""
        user = request.user
        if role_of(user) == Role.COMMUNITY_STAFF and hasattr(obj, "community_id"):
            return obj.community_id == user.community_id
        return True

    def check_written_in_scope(self, instance) -> None:
        manager = type(instance)._default_manager
        if hasattr(manager, "visible_to") and not manager.visible_to(self.request.user).filter(pk=instance.pk).exists():
            raise DjangoPermissionDenied(_("You can only save records within your own area of work."))

    def save_kwargs(self, serializer) -> dict:
        """Extra values for `serializer.save()` on create (who recorded it, ...)."""
        return {}

    # -- Writing, atomically -------------------------------------------------------------------------

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save(**self.save_kwargs(serializer))
            self.check_written_in_scope(instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self.check_written_in_scope(instance)

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

    def reread(self, instance):
        """The saved object read back through the view's queryset, with its annotations."""
        return self.get_queryset().get(pk=instance.pk)


class RereadCreateMixin(mixins.CreateModelMixin):
    """Create, then answer with the object read back through the view's queryset."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        output = self.get_serializer(self.reread(serializer.instance))
        return Response(output.data, status=status.HTTP_201_CREATED)


class RereadUpdateMixin(mixins.UpdateModelMixin):
    """Update, then answer with the object read back through the view's queryset."""

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.get_serializer(self.reread(serializer.instance)).data)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    write_roles = frozenset()


class ScopedNoDeleteViewSet(
    ScopedViewSetMixin,
    RereadCreateMixin,
    mixins.RetrieveModelMixin,
    RereadUpdateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """For people and ledgers, which are never deleted (their status changes instead)."""


class ScopedModelViewSet(ScopedNoDeleteViewSet, mixins.DestroyModelMixin):
    pass
