"""API token authentication that loads the employee with the user."""

from rest_framework.authentication import TokenAuthentication


class StaffTokenAuthentication(TokenAuthentication):
    """DRF's token check, with the user's `Staff` row in the same query: every staff
    endpoint asks next who the employee is (`staff.access.staff_of`), which was one more
    query on each counter action."""

    def authenticate_credentials(self, key):
        token = self.get_model().objects.select_related("user__staff").filter(key=key).first()
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # refuses with DRF's own message
        return token.user, token
