from django.urls import path

from marketplace.bookings import views as booking_views
from marketplace.catalogue import views as catalogue_views
from marketplace.onboarding import views as onboarding_views
from marketplace.operators import views as operator_views
from marketplace.payments import views as payment_views

app_name = "marketplace"

urlpatterns = [
    path("join/", onboarding_views.join, name="join"),
    path("join/thanks/", onboarding_views.join_thanks, name="join_thanks"),
    path("experiences/map.geojson", catalogue_views.experiences_geojson,
         name="experiences_geojson"),
    path("book/<int:slot_id>/", booking_views.book, name="book"),
    path("cart/", booking_views.cart, name="cart"),
    path("cart/remove/<int:slot_id>/", booking_views.cart_line_remove, name="cart_remove"),
    # Paying an order (?token=<access token>)
    path("checkout/<str:reference>/", payment_views.checkout, name="checkout"),
    path("checkout/<str:reference>/confirm/", payment_views.checkout_confirm,
         name="checkout_confirm"),
    path("checkout/<str:reference>/done/", payment_views.checkout_done, name="checkout_done"),
    # A buyer's orders (?token=<access token>), vouchers and cancellation; a supplier's
    # signed links to answer a request (?token=<signed>)
    path("orders/<str:reference>/", booking_views.order_detail, name="order_detail"),
    path("orders/<str:reference>/vouchers/<int:booking_id>.pdf", booking_views.voucher_download,
         name="voucher_download"),
    path("orders/<str:reference>/bookings/<int:booking_id>/cancel/",
         payment_views.booking_cancel, name="booking_cancel"),
    path("my-bookings/", booking_views.my_bookings, name="my_bookings"),
    path("bookings/respond/<str:action>/", payment_views.booking_respond,
         name="booking_respond"),
    # Tour operators
    path("operators/join/", operator_views.operator_join, name="operator_join"),
    path("operators/join/thanks/", operator_views.operator_join_thanks,
         name="operator_join_thanks"),
    path("operators/sign-in/", operator_views.OperatorSignInView.as_view(),
         name="operator_sign_in"),
    path("operators/sign-out/", operator_views.OperatorSignOutView.as_view(),
         name="operator_sign_out"),
    path("operators/password/<uidb64>/<token>/",
         operator_views.OperatorSetPasswordView.as_view(), name="operator_set_password"),
    path("operators/account/", operator_views.operator_account, name="operator_account"),
    path("operators/account/members/add/", operator_views.operator_member_add,
         name="operator_member_add"),
    path("operators/invitations/<str:token>/", operator_views.operator_invitation,
         name="operator_invitation"),
    path("operators/account/members/<int:pk>/remove/", operator_views.operator_member_remove,
         name="operator_member_remove"),
    path("operators/account/api-token/", operator_views.operator_token, name="operator_token"),
    # What an operator owes on account for a month (?month=YYYY-MM), and as CSV or PDF
    path("operators/account/statement/", payment_views.operator_statement,
         name="operator_statement"),
    path("operators/account/statement.<str:fmt>", payment_views.operator_statement_download,
         name="operator_statement_download"),
]
