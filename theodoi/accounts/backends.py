from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def accounts_named(typed: str) -> list:
    """The accounts (at most two) a typed log-in name means: by e-mail when it has an
    ``@``, else by user name, case ignored — the one rule of the log-in and the lock-out."""
    typed = (typed or "").strip()
    if not typed:
        return []
    field = "email__iexact" if "@" in typed else "username__iexact"
    return list(get_user_model().objects.filter(**{field: typed})[:2])


def lockout_username(request, credentials=None) -> str:
    """The name django-axes counts failures under (``AXES_USERNAME_CALLABLE``): the
    account's own user name when the typed name or e-mail means one account, so that
    ``cHutich``, ``ChuTich`` and the e-mail share the lock of ``chutich``; otherwise the
    typed text, case-folded (an unknown name is still counted, and locked)."""
    if credentials is not None:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    typed = (typed or "").strip()
    users = accounts_named(typed)
    if len(users) == 1:
        return users[0].get_username()
    return typed.casefold()


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the user name or the e-mail address (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        users = accounts_named(username)
        if len(users) != 1:
            get_user_model()().set_password(password)  # as long as a real check
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in user of a request, with his body: the pages of a body read it
        from him (``bodies.access.body_scoped``) instead of once more."""
        users = get_user_model()._default_manager.select_related("body")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
