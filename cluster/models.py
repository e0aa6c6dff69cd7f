"""The cluster's models, by domain (Django finds them here)."""

from cluster.agreements.models import Agreement, AgreementParty
from cluster.cooperation.models import Post, Reply
from cluster.events.models import Event, Feedback, Material, Registration
from cluster.lab.models import LabIndexPage, LabModulePage, ModuleCompletion
from cluster.matchmaking.models import (
    BlockedSlot,
    MatchProfile,
    Meeting,
    MeetingRequest,
    MeetingSchedule,
    MeetingSlot,
    MeetingTable,
)
from cluster.members.models import Member

__all__ = ["Agreement", "AgreementParty", "BlockedSlot", "Event", "Feedback", "LabIndexPage",
           "LabModulePage", "MatchProfile", "Material", "Meeting", "MeetingRequest",
           "MeetingSchedule", "MeetingSlot", "MeetingTable", "Member", "ModuleCompletion",
           "Post", "Registration", "Reply"]
