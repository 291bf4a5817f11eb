"""The form for a clinician's comment beside the client's own words."""

from __future__ import annotations

from django import forms

from ..models import Comment
from ..versioning import VersionedModelForm


class CommentForm(VersionedModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": "Your comment"}
        help_texts = {
            "text": "Shown beside the client's own words, in your name. Their words stay exactly as they wrote them."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Please write a few words, or go back without saving."}}

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()
