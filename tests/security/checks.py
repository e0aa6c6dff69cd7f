"""How a test says "refused": 403 or 404, or a redirect to the login page, nowhere else.

Wagtail answers a signed-in browser that lacks a permission with a redirect to its dashboard
and a message, and a script (``X-Requested-With``) with a 403; tests ask as a script
(``SCRIPT``) so that the refusal is a status they can check."""

from urllib.parse import urlsplit

SCRIPT = {"x-requested-with": "XMLHttpRequest"}
ADMIN_LOGIN = "/admin/login/"


def refused(response, login_path: str = ADMIN_LOGIN) -> bool:
    if response.status_code in (403, 404):
        return True
    return (response.status_code == 302
            and urlsplit(response["Location"]).path == login_path)
