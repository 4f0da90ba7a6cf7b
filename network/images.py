"""The image library's form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), used by every upload of a
picture: the library's own pages, its multiple upload, and the choosers of an organisation's
logo, a person's photo or an event's picture. Wagtail's field checks the size, the pixels and
the format; this form adds the SVG check of network/uploads.py."""

from django import forms
from wagtail.images.forms import BaseImageForm

from network import uploads
from network.errors import ImportProblem


class ImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        picture = getattr(upload, "image", None)  # Wagtail's field opens each new upload
        if picture is not None and picture.format_name == "svg":
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            try:
                uploads.check_svg(content)
            except ImportProblem as problem:
                raise forms.ValidationError(problem.message, code=problem.code) from problem
        return upload
