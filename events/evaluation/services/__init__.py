"""The evaluation's rules: who may answer and when (eligibility), answering once and
anonymously (answering), inviting (invitations), and the results as staff and reports read
them (results)."""
