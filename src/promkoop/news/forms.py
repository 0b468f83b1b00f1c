"""Forms of the news pages: the ingest form (paste or upload), review target choice."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import MAX_BYTES
from .errors import NewsError


class IngestForm(forms.Form):
    text = forms.CharField(label=_("Текст статьи"), required=False,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Вставьте текст или HTML страницы — или загрузите файл"))
    file = forms.FileField(label=_("Файл статьи"), required=False, allow_empty_file=True,
                           help_text=_("Текст (UTF-8 или Windows-1251) или сохранённая HTML-страница"))
    source = forms.CharField(label=_("Источник (адрес страницы)"), required=False, max_length=500)
    published_at = forms.DateField(label=_("Дата публикации"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("если в статье её нет"))

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        upload = data.get("file")
        if has_text and upload:
            raise forms.ValidationError(_("Либо вставьте текст, либо загрузите файл — не то и другое"),
                                        code=NewsError.TWO_INPUTS)
        if not has_text and not upload:
            if upload is not None or self.files.get("file") is not None:
                raise forms.ValidationError(_("Пустой файл: извлекать нечего"), code=NewsError.NO_INPUT)
            raise forms.ValidationError(_("Вставьте текст статьи или загрузите файл"), code=NewsError.NO_INPUT)
        return data

    def article_input(self) -> tuple[str | bytes, str]:
        """The raw input (text, or at most MAX_BYTES + 1 bytes of the file) and its source name."""
        upload = self.cleaned_data.get("file")
        source = self.cleaned_data.get("source") or ""
        if upload:
            return upload.read(MAX_BYTES + 1), source or upload.name
        return self.cleaned_data["text"], source
