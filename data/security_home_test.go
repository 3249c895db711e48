package data

// Attacks on the household's own CaseDesk and on the clinic's case packet
// at home, with real stores: a clinic's store and signing key, and a home
// store in another folder with its own data key.

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
	"casedesk/app/portal"

	"golang.org/x/crypto/argon2"
)

// pieces splits a packet file into its header's bytes and its sealed part.
func pieces(t testing.TB, b []byte) (head, sealed []byte) {
	t.Helper()
	rest := b[len(packet.Magic):]
	n := binary.BigEndian.Uint32(rest)
	head, rest = rest[4:4+n], rest[4+n:]
	m := binary.BigEndian.Uint32(rest)
	return head, rest[4 : 4+m]
}

// assemble puts a packet file together from a header's bytes and a sealed
// part, signed by key: what anyone with a key of their own can do.
func assemble(head, sealed []byte, key ed25519.PrivateKey) []byte {
	var buf bytes.Buffer
	buf.WriteString(packet.Magic)
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(head))))
	buf.Write(head)
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(sealed))))
	buf.Write(sealed)
	buf.Write(ed25519.Sign(key, buf.Bytes()))
	return buf.Bytes()
}

// resign changes a packet's header and signs it with key, keeping its
// sealed part as it was.
func resign(t testing.TB, b []byte, key ed25519.PrivateKey, edit func(h map[string]any)) []byte {
	t.Helper()
	head, sealed := pieces(t, b)
	var h map[string]any
	if err := json.Unmarshal(head, &h); err != nil {
		t.Fatal(err)
	}
	edit(h)
	h["key"] = key.Public().(ed25519.PublicKey)
	nh, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	return assemble(nh, sealed, key)
}

// aeadFor is the packet's cipher for code, as the home derives it.
func aeadFor(t testing.TB, h packet.Header, code app.AccessCode) cipher.AEAD {
	t.Helper()
	key := argon2.IDKey([]byte(code), h.KDF.Salt, h.KDF.Time, h.KDF.Memory, h.KDF.Threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// contentsOf opens a packet's sealed part with its code, as JSON.
func contentsOf(t testing.TB, b []byte) map[string]any {
	t.Helper()
	head, sealed := pieces(t, b)
	var h packet.Header
	if err := json.Unmarshal(head, &h); err != nil {
		t.Fatal(err)
	}
	body, err := aeadFor(t, h, packetCode).Open(nil, h.Nonce, sealed, b[:len(packet.Magic)+4+len(head)])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// forge makes a packet with any contents, sealed under packetCode and
// signed by key, as the next packet (id and seq) in the rig's count: a
// packet the clinic's own key signed, but whose records were made up.
func (r *clinicRig) forge(t testing.TB, key ed25519.PrivateKey, clinic string, contents any) []byte {
	t.Helper()
	body, err := json.Marshal(contents)
	if err != nil {
		t.Fatal(err)
	}
	r.seq++
	h := packet.Header{Version: packet.Version, Packet: fmt.Sprintf("forged-%d", r.seq), Clinic: clinic,
		Key: key.Public().(ed25519.PublicKey), Seq: r.seq, Made: time.Date(2026, 11, 2+int(r.seq), 15, 4, 5, 0, time.UTC),
		KDF: packet.Cheap}
	h.KDF.Salt = make([]byte, 16)
	h.Nonce = make([]byte, 12)
	_, _ = rand.Read(h.KDF.Salt)
	_, _ = rand.Read(h.Nonce)
	head, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	prefix := append([]byte(packet.Magic), binary.BigEndian.AppendUint32(nil, uint32(len(head)))...)
	prefix = append(prefix, head...)
	return assemble(head, aeadFor(t, h, packetCode).Seal(nil, h.Nonce, body, prefix), key)
}

func throttleFailures(t *testing.T, s *Store) int {
	t.Helper()
	return count(t, s, `SELECT coalesce(sum(failures), 0) FROM throttles WHERE kind = 'packet code'`)
}

func isTriesLeft(err error) bool { var e *auth.TriesLeftError; return errors.As(err, &e) }

// After five wrong tries the packet is locked at set-up, even for the
// right code and identity. Changing a byte of the readable header to get a
// new packet id (and so a new count of tries) breaks the clinic's
// signature; re-signing the changed header with a key of one's own passes
// the signature check (no clinic is pinned before the first packet) and
// starts a new count, but the header is the sealed part's additional data,
// so the right code never opens it: every try is a wrong one, and the
// re-signed packet is locked after five in its turn.
func TestSecurityPacketTriesCannotBeReset(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	for range home.MaxTries {
		_, _ = h.svc.Check(ctx, b, "AAAA-BBBB-CCCC", clientID)
	}
	if _, err := h.svc.Check(ctx, b, string(packetCode), clientID); !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("the right code after five wrong: %v", err)
	}
	if n := throttleFailures(t, h.s); n != home.MaxTries {
		t.Fatalf("%d tries counted", n)
	}

	// A header byte changed in place: the packet id ends "-1", make it "-9".
	head, _ := pieces(t, b)
	i := bytes.Index(b, head) + bytes.Index(head, []byte(`"packet":"pk-clinic-prairie-1"`)) + len(`"packet":"pk-clinic-prairie-`)
	changed := bytes.Clone(b)
	changed[i] = '9'
	if _, err := h.svc.Check(ctx, changed, string(packetCode), clientID); !errors.Is(err, packet.ErrAltered) {
		t.Fatalf("a changed packet id: %v", err)
	}

	_, mine, _ := ed25519.GenerateKey(rand.Reader)
	resigned := resign(t, b, mine, func(h map[string]any) { h["packet"] = "a-fresh-id" })
	for i := 1; i <= home.MaxTries; i++ {
		_, err := h.svc.Check(ctx, resigned, string(packetCode), clientID)
		if i < home.MaxTries && !isTriesLeft(err) || i == home.MaxTries && !errors.Is(err, auth.ErrCodeLocked) {
			t.Fatalf("try %d of the right code on a re-signed header: %v", i, err)
		}
	}
	if n := count(t, h.s, `SELECT count(*) FROM people`) + count(t, h.s, `SELECT count(*) FROM accounts`); n != 0 {
		t.Fatal("a locked or re-signed packet wrote something")
	}
}

// Twelve wrong codes at once on a later packet take five tries at most;
// then the right code is refused.
func TestSecurityPacketUpdateTriesAtOnce(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	next := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	before := dumpTables(t, h.s)
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() { _, _ = h.svc.Update(ctx, s, next, "AAAA-BBBB-CCCC") })
	}
	wg.Wait()
	if n := throttleFailures(t, h.s); n != home.MaxTries {
		t.Fatalf("%d tries counted of 12 at once", n)
	}
	if _, err := h.svc.Update(ctx, s, next, string(packetCode)); !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("the right code after the lock: %v", err)
	}
	if dumpTables(t, h.s) != before {
		t.Fatal("wrong codes changed the store")
	}
}

// Files that are not packets, or are made-up packets, are refused before
// any key is derived, take no try, and change nothing, at set-up and later.
func TestSecurityPacketGarbageFiles(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	good := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	_, mine, _ := ed25519.GenerateKey(rand.Reader)
	magic := []byte(packet.Magic)
	huge := append(bytes.Clone(magic), make([]byte, packet.MaxSize)...)
	random := make([]byte, 1<<20)
	_, _ = rand.Read(random)
	cases := map[string][]byte{
		"empty":                nil,
		"magic only":           magic,
		"header length 4 GB":   append(bytes.Clone(magic), 0xff, 0xff, 0xff, 0xff, '{', '}'),
		"header over 16 KB":    append(append(bytes.Clone(magic), binary.BigEndian.AppendUint32(nil, 16<<10+1)...), make([]byte, 16<<10+200)...),
		"random bytes":         random,
		"random after magic":   append(bytes.Clone(magic), random...),
		"cut short":            good[:len(good)-1],
		"one byte more":        append(bytes.Clone(good), 0),
		"over 64 MB":           huge,
		"newer version":        resign(t, good, mine, func(h map[string]any) { h["version"] = 2 }),
		"version 0":            resign(t, good, mine, func(h map[string]any) { h["version"] = 0 }),
		"unknown header field": resign(t, good, mine, func(h map[string]any) { h["admin"] = true }),
		"1 GiB of memory":      resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["m"] = 1 << 20 }),
		"4 billion passes":     resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["t"] = uint32(1<<32 - 1) }),
		"255 threads":          resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["p"] = 255 }),
		"no passes":            resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["t"] = 0 }),
		"another algorithm":    resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["alg"] = "pbkdf2" }),
		"short salt":           resign(t, good, mine, func(h map[string]any) { h["kdf"].(map[string]any)["salt"] = []byte{1} }),
		"short nonce":          resign(t, good, mine, func(h map[string]any) { h["nonce"] = []byte{1, 2} }),
		"no packet id":         resign(t, good, mine, func(h map[string]any) { h["packet"] = "" }),
		"seq 0":                resign(t, good, mine, func(h map[string]any) { h["seq"] = 0 }),
		"short key":            assemble([]byte(`{"version":1}`), nil, mine),
		"signature of zeros":   append(bytes.Clone(good[:len(good)-64]), make([]byte, 64)...),
		"signature of another": append(bytes.Clone(good[:len(good)-64]), ed25519.Sign(mine, good[:len(good)-64])...),
	}
	for _, at := range []string{"set-up", "update"} {
		h := newHomeRig(t)
		var s *portal.Session
		if at == "update" {
			s, _ = h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
		}
		for name, b := range cases {
			t.Run(at+"/"+name, func(t *testing.T) {
				before := dumpTables(t, h.s)
				tries := throttleFailures(t, h.s)
				start := time.Now()
				var err error
				if s == nil {
					_, err = h.svc.Check(ctx, b, string(packetCode), clientID)
				} else {
					_, err = h.svc.Update(ctx, s, b, string(packetCode))
				}
				if !errors.Is(err, packet.ErrNotPacket) && !errors.Is(err, packet.ErrNewerFormat) && !errors.Is(err, packet.ErrAltered) {
					t.Fatalf("refused with %v", err)
				}
				if took := time.Since(start); took > 2*time.Second {
					t.Fatalf("took %v to refuse", took)
				}
				if dumpTables(t, h.s) != before || throttleFailures(t, h.s) != tries {
					t.Fatal("a file that is no packet changed the store or took a try")
				}
			})
		}
	}
}

// A packet made by anyone else with the pinned clinic's id, the clinic's
// own packet re-signed by another key, the same packet again, an older one,
// and another client's packet of the same clinic (with a larger number than
// the pin's) are refused without a try and change nothing.
func TestSecurityPacketReplaysAndImpostors(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	first := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	s, _ := h.setUp(t, first)
	second := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	if _, err := h.svc.Update(ctx, s, second, string(packetCode)); err != nil {
		t.Fatal(err)
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	olga := mustPerson(t, c.s, "Olga", "Petrova")
	mustCase(t, c.s, "EAC2190000300", olga.ID)
	c.seq += 5
	for _, tc := range []struct {
		name string
		file []byte
		want func(error) bool
	}{
		{"same packet again", second, isOlder},
		{"older packet", first, isOlder},
		{"pinned clinic's id, other key", c.packet(t, packet.Signer{Clinic: c.signer.Clinic, Key: other}, c.records(t, c.client), packet.Cheap), isOtherClinic},
		{"the clinic's packet re-signed, a larger number", resign(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), other,
			func(h map[string]any) { h["seq"] = 99 }), isOtherClinic},
		{"the same packet re-signed as newer", resign(t, second, other, func(h map[string]any) { h["seq"] = 98 }), isOtherClinic},
		{"another client's, larger number", c.packet(t, c.signer, c.records(t, olga), packet.Cheap),
			func(err error) bool { return errors.Is(err, home.ErrOtherPerson) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dumpTables(t, h.s)
			_, err := h.svc.Update(ctx, s, tc.file, string(packetCode))
			if !tc.want(err) {
				t.Fatalf("refused with %v", err)
			}
			if dumpTables(t, h.s) != before || throttleFailures(t, h.s) != 0 {
				t.Fatal("a refused packet changed the store or kept a try")
			}
		})
	}
}

// A first packet is taken only by a store never set up: into a household
// set up by hand (or a clinic) it is refused before a try is taken.
func TestSecurityFirstPacketIntoAStoreSetUp(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	if _, err := h.s.Household().SetUpHousehold(ctx, householdSetUp("ana")); err != nil {
		t.Fatal(err)
	}
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	before := dumpTables(t, h.s)
	if _, err := h.svc.Check(ctx, b, string(packetCode), clientID); !errors.Is(err, home.ErrSetUpAlready) {
		t.Fatalf("a first packet into a household: %v", err)
	}
	if dumpTables(t, h.s) != before || throttleFailures(t, h.s) != 0 {
		t.Fatal("a refused first packet changed the store or took a try")
	}
}
