"""The English wording of library strings the site shows, in the site's own sentence case.

django-allauth titles its pages, buttons and email subjects in Title Case ("Sign In", "Change
Password", "Verify Your Email Address") where every page of the site writes "Sign in". The
English catalogue written from this list (site/locale/en/, by `scripts/messages.py`) gives
each of them in sentence case; Arabic is untouched.
"""

import re
from pathlib import Path

import catalogues

PO = Path(__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# django-allauth's Title Case strings (account, email, second factor, sessions pages and emails).
TITLE_CASE = [
    "Account Already Exists",
    "Account Connections",
    "Account Inactive",
    "Activate Authenticator App",
    "Add a Third-Party Account",
    "Add Email",
    "Add Email Address",
    "Add Security Key",
    "Authenticator App",
    "Authenticator App Activated",
    "Authenticator App Deactivated",
    "Bad Token",
    "Cancel Change",
    "Change Email",
    "Change Password",
    "Change Phone",
    "Confirm Access",
    "Confirm Device",
    "Confirm Email Address",
    "Create Passkey",
    "Current Password",
    "Deactivate Authenticator App",
    "Device Authorized",
    "Device Denied",
    "Edit Security Key",
    "Email Address",
    "Email Addresses",
    "Email Changed",
    "Email Confirmation",
    "Email Removed",
    "Email Verification",
    "Enter Device Code",
    "Enter Email Verification Code",
    "Enter Password Reset Code",
    "Enter Phone Verification Code",
    "Enter Sign-In Code",
    "Forgot Password?",
    "Login Cancelled",
    "Make Primary",
    "New Password",
    "New Password (again)",
    "New Recovery Codes Generated",
    "Passkey Sign Up",
    "Password Changed",
    "Password Reset",
    "Password Reset Code",
    "Password Reset Email",
    "Password Set",
    "Phone Verification",
    "Please Confirm Your Email Address",
    "Recovery Codes",
    "Remember Me",
    "Remove Security Key",
    "Request Code",
    "Reset My Password",
    "Security Key Added",
    "Security Key Removed",
    "Security Keys",
    "Set Password",
    "Sign In",
    "Sign In Via %(provider)s",
    "Sign Out",
    "Sign Out Other Sessions",
    "Sign Up",
    "Sign Up Closed",
    "Sign-In Code",
    "Social Accounts",
    "Started At",
    "Stay Signed In",
    "Third-Party Account Connected",
    "Third-Party Account Disconnected",
    "Third-Party Login Failure",
    "TOTP Authenticator",
    "Two-Factor Authentication",
    "Unknown Account",
    "User Sessions",
    "Verify Your Email Address",
]


def sentence_case(text):
    """ "Verify Your Email Address" → "Verify your email address"; "Two-Factor" → "Two-factor";
    words in capitals (TOTP, IP) stay as they are."""

    def lower(match):
        word = match.group(0)
        return word if word.isupper() else word[0].lower() + word[1:]

    first, rest = text[:1], text[1:]
    return first + re.sub(r"(?<=[ -])[A-Z][A-Za-z]*", lower, rest)


def catalogue():
    """The English catalogue's .po text."""
    return catalogues.po_text("en", "English", [(None, msgid, sentence_case(msgid)) for msgid in TITLE_CASE])


def write_catalogue():
    """Writes the English catalogue; returns its path."""
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text(catalogue(), encoding="utf-8")
    return PO
