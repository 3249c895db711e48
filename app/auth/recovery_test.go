package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"casedesk/app"
)

// mapKeyring is a keyring in memory that keeps each user's secret apart.
type mapKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *mapKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return s, nil
}

func (k *mapKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[service+"/"+user] = secret
	return nil
}

func testKey(seed byte) []byte {
	key := make([]byte, 32)
	for i := range key {
		key[i] = seed + byte(i*37)
	}
	return key
}

func TestRecoveryKeyRoundTrip(t *testing.T) {
	for seed := 0; seed < 256; seed += 17 {
		key := testKey(byte(seed))
		k := NewKeysForTest(key)
		groups := k.RecoveryGroups()
		if len(groups) != RecoveryGroups {
			t.Fatalf("%d groups", len(groups))
		}
		for _, g := range groups {
			if len(g) != 5 || strings.ContainsAny(g, "ILOU") {
				t.Fatalf("group %q", g)
			}
		}
		for _, typed := range []string{
			strings.Join(groups, " "),
			strings.ToLower(strings.Join(groups, "-")),
			strings.Join(groups, ""),
			strings.Join(groups[:7], " ") + "\n" + strings.Join(groups[7:], " "),
			k.RecoveryQR(),
		} {
			got, err := ParseRecoveryKey(typed)
			if err != nil || !bytes.Equal(got, key) {
				t.Fatalf("%q: %v", typed, err)
			}
		}
	}
}

func TestRecoveryKeyReadsConfusedLetters(t *testing.T) {
	key := testKey(3)
	groups := NewKeysForTest(key).RecoveryGroups()
	typed := strings.Join(groups, " ")
	typed = strings.NewReplacer("0", "O", "1", "l").Replace(typed)
	got, err := ParseRecoveryKey(typed)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("%q: %v", typed, err)
	}
}

// A mistyped character is named by its group, whichever group it is in.
func TestRecoveryKeyNamesTheMistypedGroup(t *testing.T) {
	key := testKey(9)
	groups := NewKeysForTest(key).RecoveryGroups()
	missed := 0
	for g := range groups {
		for pos := 0; pos < 5; pos++ {
			for _, c := range crockford {
				if byte(c) == groups[g][pos] {
					continue
				}
				typo := slices.Clone(groups)
				typo[g] = typo[g][:pos] + string(c) + typo[g][pos+1:]
				_, err := ParseRecoveryKey(strings.Join(typo, " "))
				var re *RecoveryKeyError
				if err == nil {
					missed++ // 1 in 32 typos passes its group's check
					continue
				}
				if !errors.As(err, &re) || !slices.Equal(re.Groups, []int{g + 1}) && !(g == RecoveryGroups-1) {
					t.Fatalf("group %d pos %d → %c: %v", g+1, pos, c, err)
				}
				if !app.IsInput(err, app.FieldRecoveryKey) {
					t.Fatalf("not an input error about the recovery key: %v", err)
				}
			}
		}
	}
	// 13 groups × 5 places × 31 typos; a check of 5 bits lets about 1/32 through.
	if total := 13 * 5 * 31; missed > total/16 {
		t.Errorf("%d of %d typos passed their group's check", missed, total)
	}
	t.Logf("%d of %d single typos passed the group checks", missed, 13*5*31)
}

func TestRecoveryKeyMessages(t *testing.T) {
	groups := NewKeysForTest(testKey(1)).RecoveryGroups()
	swapped := slices.Clone(groups)
	swapped[2], swapped[3] = swapped[3], swapped[2]
	short := slices.Clone(groups)
	short[5] = short[5][:4]
	uu := slices.Clone(groups)
	uu[7] = "U" + uu[7][1:]
	for _, c := range []struct {
		typed  string
		groups []int
		says   string
	}{
		{"", nil, "Type the recovery key"},
		{strings.Join(groups[:12], " "), nil, "this has 12 groups"},
		{strings.Join(swapped, " "), []int{3, 4}, "Groups 3 (" + swapped[2] + "), 4 (" + swapped[3] + ") do not match their check letters"},
		{strings.Join(short, " "), []int{6}, "Group 6 (" + short[5] + "): each group has 5"},
		{strings.Join(uu, " "), []int{8}, "has a U"},
		{strings.Replace(strings.Join(groups, " "), groups[0], "AB%DE", 1), []int{1}, `has "%"`},
	} {
		_, err := ParseRecoveryKey(c.typed)
		var re *RecoveryKeyError
		if !errors.As(err, &re) || !slices.Equal(re.Groups, c.groups) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: %v (groups %v)", c.typed, err, re)
		}
	}
}

func TestInstallRecoveredKeyInTheKeyring(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("CASEDESK_KEY_FILE", "")
	store := filepath.Join(home, "casedesk.db")
	kr := &mapKeyring{}

	// A new computer: the keyring is empty.
	key := testKey(5)
	k, err := InstallRecoveredKey(ctx, kr, store, key)
	if err != nil || k.Source != FromKeyring || k.KeyCheck() != NewKeysForTest(key).KeyCheck() {
		t.Fatalf("install: %+v %v", k, err)
	}
	loaded, _, err := InstallKeys(ctx, kr, store)
	if err != nil || loaded.KeyCheck() != k.KeyCheck() {
		t.Fatalf("the installed key is not the one loaded: %v", err)
	}
	// Again: nothing changes.
	if _, err := InstallRecoveredKey(ctx, kr, store, key); err != nil || len(kr.m) != 1 {
		t.Fatalf("again: %v %v", err, kr.m)
	}
	// A computer that had another key keeps it under another name.
	other := testKey(6)
	if _, err := InstallRecoveredKey(ctx, kr, store, other); err != nil {
		t.Fatal(err)
	}
	if len(kr.m) != 2 {
		t.Fatalf("the key that was there was not kept: %v", kr.m)
	}
	for user, s := range kr.m {
		want := other
		if strings.Contains(user, "replaced") {
			want = key
		}
		if got, _ := decodeKey(s); !bytes.Equal(got, want) {
			t.Errorf("%s holds the wrong key", user)
		}
	}
}

func TestInstallRecoveredKeyInAFile(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("CASEDESK_KEY_FILE", "")
	store := filepath.Join(home, "casedesk.db")
	// This computer has no keyring and made a key of its own at first start.
	first, _, err := InstallKeys(ctx, noService, store)
	if err != nil || first.Source != FromFile {
		t.Fatalf("first start: %v", err)
	}
	key := testKey(7)
	k, err := InstallRecoveredKey(ctx, noService, store, key)
	if err != nil || k.Source != FromFile || k.File != first.File {
		t.Fatalf("install: %+v %v", k, err)
	}
	loaded, _, err := InstallKeys(ctx, noService, store)
	if err != nil || loaded.KeyCheck() != NewKeysForTest(key).KeyCheck() {
		t.Fatalf("the recovered key is not the one loaded: %v", err)
	}
	fi, err := os.Stat(first.File)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	kept, _ := filepath.Glob(first.File + ".replaced-*")
	if len(kept) != 1 {
		t.Fatalf("the key that was there was not kept: %v", kept)
	}
	if old, err := readKeyFile(kept[0]); err != nil || NewKeysForTest(old).KeyCheck() != first.KeyCheck() {
		t.Errorf("the kept file does not hold the old key: %v", err)
	}
}

// The QR code on the sheet reads back from a picture of it, also scaled
// down, blurred by JPEG and turned as a phone might take it.
func TestRecoveryQRReadsBack(t *testing.T) {
	key := testKey(11)
	k := NewKeysForTest(key)
	pngBytes, err := k.RecoveryQRImage(400)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "sheet.png")
	if err := os.WriteFile(plain, pngBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatal(err)
	}
	// A photo: the code small on a larger grey page, rotated a quarter turn, as JPEG.
	b := src.Bounds()
	photo := image.NewRGBA(image.Rect(0, 0, 3*b.Dy(), 2*b.Dx()))
	draw.Draw(photo, photo.Bounds(), &image.Uniform{color.RGBA{225, 222, 215, 255}}, image.Point{}, draw.Src)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			photo.Set(b.Dy()-1-y+40, x+30, src.At(x, y))
		}
	}
	jpg := filepath.Join(dir, "photo.jpg")
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, photo, &jpeg.Options{Quality: 60}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jpg, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{plain, jpg} {
		got, err := ReadRecoveryQR(p)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}

func TestRecoveryQRRefusesOtherPictures(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.png")
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 200, 200)))
	os.WriteFile(blank, buf.Bytes(), 0o600)
	other := filepath.Join(dir, "other.png")
	e := Enrolment{URL: "otpauth://totp/CaseDesk:x?secret=ABC"}
	qrPNG, _ := e.QR(300)
	os.WriteFile(other, qrPNG, 0o600)
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o600)
	for p, says := range map[string]string{
		blank: "no QR code was found", other: "not a CaseDesk recovery key",
		text: "not a PNG, JPEG or GIF", filepath.Join(dir, "gone.png"): "could not be read from",
	} {
		_, err := ReadRecoveryQR(p)
		if !app.IsInput(err, app.FieldRecoveryKey) || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}

// Some keys' first spelling draws a code the reader misses; the sheet then
// carries another spelling of the same key, which reads back.
func TestRecoveryQRAlwaysReadsBack(t *testing.T) {
	for _, seed := range []int{492, 799, 873, 1, 2, 3} {
		h := sha256.Sum256([]byte(fmt.Sprint(seed)))
		k := NewKeysForTest(h[:])
		text := k.RecoveryQR()
		if !qrReadsBack(text) {
			t.Errorf("seed %d: the sheet's code does not read back", seed)
		}
		if key, err := ParseRecoveryKey(text); err != nil || !bytes.Equal(key, h[:]) {
			t.Errorf("seed %d: %q: %v", seed, text, err)
		}
		if seed == 492 && strings.Contains(strings.TrimPrefix(text, RecoveryQRPrefix), "-") {
			t.Errorf("seed 492 kept the spelling the reader misses: %q", text)
		}
	}
}

// A small file that claims an enormous picture is refused before it is
// decoded.
func TestRecoveryQRRefusesHugePictures(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// The IHDR chunk's width and height, then its CRC, made to fit.
	binary.BigEndian.PutUint32(b[16:], 100000)
	binary.BigEndian.PutUint32(b[20:], 100000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	p := filepath.Join(t.TempDir(), "huge.png")
	os.WriteFile(p, b, 0o600)
	_, err := ReadRecoveryQR(p)
	if !app.IsInput(err, app.FieldRecoveryKey) || !strings.Contains(err.Error(), "100000 × 100000") {
		t.Fatalf("%v", err)
	}
}
