package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/i18n"
)

// The recovery key is the data key written for people: 32 bytes as 52
// Crockford Base32 characters (the last one carries 4 bits of padding),
// in 13 groups of 4, each followed by a check character. A mistyped
// character is caught in its own group, so the person is told which group
// to look at again instead of "the key is wrong".
const (
	RecoveryGroups = 13
	groupData      = 4
	groupLen       = groupData + 1 // with its check character
	crockford      = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	// RecoveryQRPrefix starts the text of the sheet's QR code, so that
	// another QR code held to the camera is told apart from a key.
	RecoveryQRPrefix = "CASEDESK-RECOVERY:"
)

// RecoveryGroups returns the data key as the sheet prints it: 13 groups of
// 5 characters, the fifth of each its check character.
func (k *Keys) RecoveryGroups() []string { return recoveryGroups(k.data) }

// RecoveryQR is the text of the sheet's QR code: the groups after the
// prefix, with dashes between them. The QR reader misses about 1 code in
// 150 however sharp the picture (its finder takes some module patterns for
// its marks), so the text is the first of a few equivalent spellings (the
// groups joined by dashes, spaces, dots or nothing; ParseRecoveryKey reads
// them all alike) whose code reads back here: each spelling draws another
// pattern.
func (k *Keys) RecoveryQR() string {
	groups := k.RecoveryGroups()
	var first string
	for _, sep := range []string{"-", " ", ".", ""} {
		text := RecoveryQRPrefix + strings.Join(groups, sep)
		if first == "" {
			first = text
		}
		if qrReadsBack(text) {
			return text
		}
	}
	return first
}

func recoveryGroups(key []byte) []string {
	chars := make([]byte, 0, RecoveryGroups*groupData)
	var acc uint32
	bits := 0
	for _, b := range key {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			chars = append(chars, crockford[(acc>>bits)&31])
		}
	}
	if bits > 0 { // pad the last character with zero bits
		chars = append(chars, crockford[(acc<<(5-bits))&31])
	}
	groups := make([]string, RecoveryGroups)
	for i := range groups {
		g := string(chars[i*groupData : (i+1)*groupData])
		groups[i] = g + string(checkChar(i, g))
	}
	return groups
}

// checkChar is a group's check character: 5 bits of a hash of the group's
// place and characters. A changed, swapped or missing character, or a group
// typed in another group's place, passes its check only 1 time in 32; the
// key check the store keeps then catches what is left.
func checkChar(i int, group string) byte {
	h := sha256.Sum256([]byte(fmt.Sprintf("casedesk recovery group %d %s", i+1, group)))
	return crockford[h[0]&31]
}

// RecoveryKeyError says which groups of a typed recovery key are wrong.
type RecoveryKeyError struct {
	Groups []int // 1-based; empty when the whole key is the wrong length
	Msg    string
}

func (e *RecoveryKeyError) Error() string { return e.Msg }

// Unwrap makes it an input error about the recovery key field, for
// app.IsInput and app.InputErrors.
func (e *RecoveryKeyError) Unwrap() error {
	return &app.InputError{Code: app.FieldRecoveryKey, Field: app.FieldRecoveryKey.Label(), Msg: e.Msg}
}

// ParseRecoveryKey reads a recovery key as typed from its sheet, or as read
// from its QR code: case, spaces, dashes and line breaks do not matter, and
// the letters people confuse are read as Crockford specifies (O as 0, I and
// L as 1). It returns the 32-byte data key, or a RecoveryKeyError naming
// each group that does not match its check character.
func ParseRecoveryKey(typed string) ([]byte, error) {
	typed = strings.TrimPrefix(strings.TrimSpace(typed), RecoveryQRPrefix)
	groups := strings.FieldsFunc(typed, func(r rune) bool {
		return r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '.' || r == ','
	})
	clean := make([]string, len(groups))
	for i, g := range groups {
		c, err := cleanGroup(g)
		if err != nil {
			return nil, &RecoveryKeyError{Groups: []int{i + 1}, Msg: i18n.T("Group %d (%s) %s.", i+1, g, err.Error())}
		}
		clean[i] = c
	}
	all := strings.Join(clean, "")
	switch {
	case all == "":
		return nil, &RecoveryKeyError{Msg: i18n.T("Type the recovery key: the 13 groups of 5 letters and digits on the clinic's Recovery Key sheet.")}
	case len(clean) == RecoveryGroups:
		// The groups as the person typed them; each must have 5 characters.
		var short []int
		for i, g := range clean {
			if len(g) != groupLen {
				short = append(short, i+1)
			}
		}
		if len(short) > 0 {
			return nil, &RecoveryKeyError{Groups: short, Msg: i18n.N(len(short), "%s: each group has 5 letters and digits. Look at it on the sheet again.",
				"%s: each group has 5 letters and digits. Look at them on the sheet again.", groupWords(short, clean))}
		}
	case len(all) == RecoveryGroups*groupLen:
		// Typed without spaces, or with other breaks: count off the groups.
		clean = clean[:0]
		for i := 0; i < RecoveryGroups; i++ {
			clean = append(clean, all[i*groupLen:(i+1)*groupLen])
		}
	default:
		return nil, &RecoveryKeyError{Msg: i18n.T("A recovery key has 13 groups of 5 letters and digits (65 in all); this has %d groups and %d letters and digits. Type every group on the sheet, in order.", len(groups), len(all))}
	}
	var bad []int
	for i, g := range clean {
		if checkChar(i, g[:groupData]) != g[groupData] {
			bad = append(bad, i+1)
		}
	}
	if len(bad) > 0 {
		return nil, &RecoveryKeyError{Groups: bad, Msg: i18n.N(len(bad), "%s does not match its check letter (the last of the group): look at it on the sheet again, and check that the groups are in order.",
			"%s do not match their check letters (the last of each group): look at them on the sheet again, and check that the groups are in order.", groupWords(bad, clean))}
	}
	key, ok := decodeGroups(clean)
	if !ok {
		return nil, &RecoveryKeyError{Groups: []int{RecoveryGroups}, Msg: i18n.T("Group %d (%s) cannot end a recovery key: look at it on the sheet again.", RecoveryGroups, clean[RecoveryGroups-1])}
	}
	return key, nil
}

// cleanGroup puts one typed group in canonical form.
func cleanGroup(g string) (string, error) {
	var b strings.Builder
	for _, r := range g {
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		case 'U':
			return "", errors.New(i18n.T("has a U, which recovery keys never use"))
		}
		if r > 0x7f || !strings.ContainsRune(crockford, r) {
			return "", errors.New(i18n.T("has %q; recovery keys use only letters and digits", string(r)))
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// decodeGroups turns checked groups back into the 32-byte key. The padding
// bits must be zero, as recoveryGroups writes them.
func decodeGroups(groups []string) ([]byte, bool) {
	key := make([]byte, 0, 32)
	var acc uint32
	bits := 0
	for _, g := range groups {
		for i := 0; i < groupData; i++ {
			acc = acc<<5 | uint32(strings.IndexByte(crockford, g[i]))
			bits += 5
			if bits >= 8 {
				bits -= 8
				key = append(key, byte(acc>>bits))
			}
		}
	}
	return key, len(key) == 32 && acc&(1<<bits-1) == 0
}

func groupWords(nums []int, groups []string) string {
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = fmt.Sprintf("%d (%s)", n, groups[n-1])
	}
	return i18n.N(len(nums), "Group %s", "Groups %s", strings.Join(parts, ", "))
}

// KeysFromRecovered returns the keys a recovered data key gives, without
// putting the key anywhere: to check a backup's key check before anything
// is installed.
func KeysFromRecovered(key []byte) (*Keys, error) {
	if len(key) != 32 {
		return nil, errors.New("auth: a data key has 32 bytes")
	}
	return newKeys(key, FromFile, "", false)
}

// InstallRecoveredKey makes key the data key of this computer for the
// store at storePath: in the keyring kr, or in the key file where the
// computer keeps it (KeyFileFor). A different key already there is never
// lost: a key file is moved aside to casedesk.key.replaced-<time>, a
// keyring's key is kept under the user "data-key replaced <time>". It
// returns the installed keys.
func InstallRecoveredKey(ctx context.Context, kr Keyring, storePath string, key []byte) (*Keys, error) {
	if len(key) != 32 {
		return nil, errors.New("auth: a data key has 32 bytes")
	}
	file, only, err := KeyFileFor(storePath)
	if err != nil {
		return nil, err
	}
	if only {
		kr = nil
	}
	unlock, err := lockKeyFolder(ctx, file)
	if err != nil {
		return nil, err
	}
	defer unlock()
	stamp := time.Now().UTC().Format("20060102-150405")
	// A key file, when there is one, is the key LoadKeys reads first.
	old, err := readKeyFile(file)
	if err != nil && !errors.Is(err, app.ErrKeyFile) {
		return nil, err
	}
	fileThere := old != nil
	if _, serr := os.Lstat(file); serr == nil && !fileThere {
		fileThere = true // damaged or too open: moved aside all the same
	}
	if kr != nil && !fileThere {
		s, err := keyringGet(ctx, kr)
		switch {
		case err == nil:
			if prev, derr := decodeKey(s); derr == nil && string(prev) == string(key) {
				return newKeys(key, FromKeyring, "", false)
			}
			if _, err := withTimeout(ctx, keyringTimeout, func() (struct{}, error) {
				return struct{}{}, kr.Set(keyringService, keyringUser+" replaced "+stamp, s)
			}); err != nil {
				return nil, keyringError(err)
			}
			fallthrough
		case errors.Is(err, keyring.ErrNotFound):
			if err := keyringSet(ctx, kr, key); err != nil {
				return nil, keyringError(err)
			}
			return newKeys(key, FromKeyring, "", true)
		case !errors.Is(err, ErrNoKeyring):
			return nil, keyringError(err)
		}
	}
	if fileThere {
		if old != nil && string(old) == string(key) {
			return newKeys(key, FromFile, file, false)
		}
		if err := os.Rename(file, file+".replaced-"+stamp); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
				Msg: i18n.T("CaseDesk could not move the key file %s aside. Nothing was changed.", file)}
		}
	}
	got, _, err := writeKeyFile(file, key)
	if err != nil {
		return nil, err
	}
	return newKeys(got, FromFile, file, true)
}

// PeekKeys returns the data key this computer holds for the store at
// storePath (its key file, or its keyring), or nil when it holds none. It
// never makes a key: restore asks it whether installing a recovered key
// would replace another.
func PeekKeys(ctx context.Context, kr Keyring, storePath string) (*Keys, error) {
	file, only, err := KeyFileFor(storePath)
	if err != nil {
		return nil, err
	}
	key, err := readKeyFile(file)
	if err != nil || key != nil {
		return keysOrErr(key, FromFile, file, false, err)
	}
	if only || kr == nil {
		return nil, nil
	}
	s, err := keyringGet(ctx, kr)
	switch {
	case errors.Is(err, keyring.ErrNotFound), errors.Is(err, ErrNoKeyring):
		return nil, nil
	case err != nil:
		return nil, keyringError(err)
	}
	key, err = decodeKey(s)
	if err != nil {
		return nil, err
	}
	return newKeys(key, FromKeyring, "", false)
}
