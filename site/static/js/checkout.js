/* Checkout: Stripe's Payment Element, then the return page that brings the order up to date.
 *
 * With Stripe.js the Payment Element confirms the payment itself (3-D Secure included) and
 * sends the buyer to the return page. localstripe's Stripe.js (development and tests) draws
 * card fields but has no confirmPayment: its card becomes a token, our server confirms the
 * intent with it, and an authentication it asks for goes through confirmCardPayment. Both
 * end on the same return page. */
(function () {
  "use strict";
  var form = document.getElementById("payment-form");
  var configNode = document.getElementById("checkout-config");
  if (!form || !configNode || typeof Stripe === "undefined") { return; }
  var config = JSON.parse(configNode.textContent);
  var button = document.getElementById("pay-button");
  var message = document.getElementById("payment-message");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var STRIPE_LOCALES = ["it", "en", "fr", "de", "es", "hr", "sl", "el"];

  var stripe = Stripe(config.publishableKey);
  var elements = stripe.elements({
    clientSecret: config.clientSecret,
    locale: STRIPE_LOCALES.indexOf(config.locale) >= 0 ? config.locale : "auto"
  });
  var paymentElement = elements.create("payment");
  paymentElement.mount("#payment-element");

  function fail(text) {
    message.textContent = text || form.dataset.msgFailed;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  function done() { window.location.assign(config.returnUrl); }

  function confirmOnServer(paymentMethod) {
    return fetch(config.confirmUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ payment_method: paymentMethod })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok || body.error) {
          throw new Error(body.error || form.dataset.msgUnavailable);
        }
        return body;
      });
    });
  }

  function payWithToken() {
    return stripe.createToken(paymentElement).then(function (result) {
      if (result.error || !result.token) {
        throw new Error(result.error && result.error.message);
      }
      return confirmOnServer(result.token.card.id);
    }).then(function (body) {
      if (body.status !== "requires_action") { return done(); }
      return stripe.confirmCardPayment(config.clientSecret).then(function (result) {
        if (result.error) { throw new Error(result.error.message); }
        done();
      });
    });
  }

  function payWithPaymentElement() {
    return stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: config.returnUrl }
    }).then(function (result) {
      // Stripe.js leaves the page on success; coming back here means an error.
      if (result && result.error) { throw new Error(result.error.message); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    message.textContent = "";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    var pay = typeof stripe.confirmPayment === "function" ? payWithPaymentElement : payWithToken;
    pay().catch(function (error) { fail(error && error.message); });
  });
}());
