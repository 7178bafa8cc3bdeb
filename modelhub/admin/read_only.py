"""Admin pages of records the services write: staff with the view permission read them, nobody edits them here."""


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: nothing is added, edited or deleted through it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
