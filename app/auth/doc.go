// Package auth holds CaseDesk's account security: the install's data key
// (system keyring, or a 0600 key file where there is none) and what it
// protects — sealed fields (AES-256-GCM) and keyed hashes of access codes and
// backup codes (HMAC-SHA256) — plus passwords (Argon2id, NIST SP 800-63B
// rules), authenticator codes (RFC 6238 TOTP with a replay check) and the
// access-code service that issues, revokes and redeems online access codes.
//
// Nothing here logs or returns a secret in an error message.
package auth
