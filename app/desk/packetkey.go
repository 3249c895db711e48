package desk

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/packet"
)

// SettingPacketKey keeps the clinic's packet signing key: its random
// clinic id and its Ed25519 private key sealed with the install's data
// key. It is one of the store's own settings (app.InternalSettingPrefix),
// so it is never listed, exported or changed as a setting, and as one
// value it is made at once, whole, or not at all.
const SettingPacketKey = app.InternalSettingPrefix + "packet.signing_key"

// packetKeyVersion starts the kept value: "v1 <clinic id> <sealed key>".
const packetKeyVersion = "v1"

// newPacketKey makes a clinic id and signing key and the value that keeps
// them, the private key sealed with keys. The id is 128 random bits: the
// home pins a clinic by it and its public key, never by its name, which
// two clinics may share.
func newPacketKey(keys *auth.Keys) (string, error) {
	if keys == nil {
		return "", errors.New("desk: the data key is not loaded, so the clinic's signing key cannot be made")
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return "", err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	sealed := keys.Seal(priv.Seed())
	return strings.Join([]string{packetKeyVersion, base64.RawURLEncoding.EncodeToString(id),
		base64.RawURLEncoding.EncodeToString(sealed)}, " "), nil
}

// openPacketKey reads a kept value back into the clinic's signer.
func openPacketKey(keys *auth.Keys, v string) (packet.Signer, error) {
	if keys == nil {
		return packet.Signer{}, errors.New("desk: the data key is not loaded, so the clinic's signing key cannot be read")
	}
	parts := strings.Fields(v)
	if len(parts) != 3 || parts[0] != packetKeyVersion {
		return packet.Signer{}, errors.New("desk: the clinic's signing key is kept in a form this CaseDesk does not know")
	}
	sealed, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return packet.Signer{}, fmt.Errorf("desk: the clinic's signing key is damaged: %w", err)
	}
	seed, err := keys.Open(sealed)
	if err != nil || len(seed) != ed25519.SeedSize {
		return packet.Signer{}, errors.New("desk: the clinic's signing key does not open with this install's data key")
	}
	return packet.Signer{Clinic: parts[1], Key: ed25519.NewKeyFromSeed(seed)}, nil
}

// signer is the clinic's packet signer, made on first use for a clinic
// set up before packets were (and for the demo clinic). Two desks making
// it at once both end with the one the store kept first.
func (s *Service) signer(ctx context.Context, ps PacketStore) (packet.Signer, error) {
	v, err := ps.PacketKey(ctx)
	if errors.Is(err, app.ErrNotFound) {
		var made string
		if made, err = newPacketKey(s.keys); err != nil {
			return packet.Signer{}, err
		}
		v, err = ps.KeepPacketKey(ctx, made)
	}
	if err != nil {
		return packet.Signer{}, err
	}
	return openPacketKey(s.keys, v)
}
