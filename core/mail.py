"""Emails built elsewhere (the account emails allauth renders: address confirmations, password
resets, sign-in codes) sent by a background task, tried again when the mail server fails
(core/tasks.py). The message travels to the worker as plain JSON."""

from django.core.mail import EmailMessage, EmailMultiAlternatives

from core.tasks import EMAIL_RETRY, retrying_task


def message_data(message):
    """``message`` as JSON-ready data; a message with attachments is refused (none is sent
    this way, and their bytes do not belong in the task queue)."""
    if message.attachments:
        raise ValueError("Messages with attachments are sent by their own task.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


def message_from(data):
    data = dict(data)
    alternatives = data.pop("alternatives", [])
    content_subtype = data.pop("content_subtype", "plain")
    message = EmailMultiAlternatives(**data) if alternatives else EmailMessage(**data)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.content_subtype = content_subtype
    return message


@retrying_task(**EMAIL_RETRY)
def send_message(data):
    """Sends a message built by ``message_data``; returns how many were sent (0 or 1)."""
    return message_from(data).send()


def queue(message):
    """Sends ``message`` through the task queue: inline with the immediate backend, by a
    worker with the database one (the row joins the current transaction)."""
    return send_message.enqueue(message_data(message))
