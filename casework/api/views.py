"""Resident requests and micro-wishes (居民诉求/微心愿), and dispute mediation cases (邻里纠纷调解).
Moving a record along (assign, complete, close) goes through casework/services.py."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from community.api.base import ScopedNoDeleteViewSet

from .. import filtersets
from ..models import MediationCase, ResidentRequest
from ..services import case_assign, case_close, request_assign, request_close, request_complete
from . import serializers as s


class CaseworkViewSet(ScopedNoDeleteViewSet):
    """Casework is a record of work done: never deleted, closed instead."""

    service_arg: str

    def run(self, request, form_class, service):
        """Validate the action's input, call the service on the object, answer with the object."""
        obj = self.get_object()
        form = form_class(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        with transaction.atomic():
            service(by_user=request.user, **{self.service_arg: obj}, **form.validated_data)
        return Response(self.get_serializer(self.reread(obj)).data)


class ResidentRequestViewSet(CaseworkViewSet):
    """Requests and micro-wishes: raised → assigned → done (or closed), with the resident's feedback."""

    queryset = ResidentRequest.objects.select_related("community", "assigned_user", "assigned_volunteer")
    serializer_class = s.ResidentRequestSerializer
    filterset_class = filtersets.ResidentRequestFilterSet
    search_fields = ["title", "requester_name"]
    ordering_fields = ["raised_on", "done_on", "status"]
    service_arg = "request"

    @extend_schema(request=s.RequestAssignSerializer, responses=s.ResidentRequestSerializer, summary="Assign")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Give the request to a staff member and/or a volunteer of its community."""
        return self.run(request, s.RequestAssignSerializer, request_assign)

    @extend_schema(request=s.RequestCompleteSerializer, responses=s.ResidentRequestSerializer, summary="Mark done")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record what was done, with the resident's feedback."""
        return self.run(request, s.RequestCompleteSerializer, request_complete)

    @extend_schema(request=s.RequestCloseSerializer, responses=s.ResidentRequestSerializer, summary="Close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close without action (duplicate, withdrawn, not the community's matter)."""
        return self.run(request, s.RequestCloseSerializer, request_close)


class MediationCaseViewSet(CaseworkViewSet):
    """Neighbour dispute mediation: kind, parties, mediator, outcome and dates."""

    queryset = MediationCase.objects.select_related("community", "mediator", "created_by")
    serializer_class = s.MediationCaseSerializer
    filterset_class = filtersets.MediationCaseFilterSet
    search_fields = ["title", "parties", "mediator_name", "mediator__name"]
    ordering_fields = ["received_on", "closed_on", "status"]
    service_arg = "case"

    def save_kwargs(self, serializer) -> dict:
        return {"created_by": self.request.user}

    @extend_schema(request=s.CaseAssignSerializer, responses=s.MediationCaseSerializer, summary="Name the mediator")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Name the mediator (a volunteer of the community, or a name) and start mediating."""
        return self.run(request, s.CaseAssignSerializer, case_assign)

    @extend_schema(request=s.CaseCloseSerializer, responses=s.MediationCaseSerializer, summary="Close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close as resolved, not resolved or referred, with the outcome."""
        return self.run(request, s.CaseCloseSerializer, case_close)
