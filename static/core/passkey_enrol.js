// The library registers the passkey and verifies the session with it; then the recovery codes,
// shown once, come from our own view (a form post, so it works like the authenticator-app path).
document.addEventListener("otp_webauthn.register_complete", () => {
  document.getElementById("passkey-enrolled-form").submit();
});
