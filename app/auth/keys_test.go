package auth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
)

// fakeKeyring is a keyring in memory. It answers after delay; with err set,
// every call fails with it.
type fakeKeyring struct {
	delay time.Duration
	err   error

	mu     sync.Mutex
	secret string
	sets   atomic.Int32
}

func (f *fakeKeyring) Get(string, string) (string, error) {
	time.Sleep(f.delay)
	if f.err != nil {
		return "", f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secret == "" {
		return "", keyring.ErrNotFound
	}
	return f.secret, nil
}

func (f *fakeKeyring) Set(_, _, secret string) error {
	time.Sleep(f.delay)
	if f.err != nil {
		return f.err
	}
	f.sets.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secret = secret
	return nil
}

// noService is a computer without any keyring service.
var noService = &fakeKeyring{err: fmt.Errorf("%w: no D-Bus session bus", ErrNoKeyring)}

func TestKeysFromTheKeyring(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "casedesk.key")
	kr := &fakeKeyring{}
	k1, err := LoadKeys(ctx, kr, file)
	if err != nil || k1.Source != FromKeyring || !k1.Created {
		t.Fatalf("first load: %+v %v", k1, err)
	}
	k2, err := LoadKeys(ctx, kr, file)
	if err != nil || k2.Created || k2.MAC("x", "y") != k1.MAC("x", "y") || k2.KeyCheck() != k1.KeyCheck() {
		t.Fatalf("second load gave another key: %v", err)
	}
	if kr.sets.Load() != 1 {
		t.Errorf("the key was stored %d times", kr.sets.Load())
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made beside a working keyring: %v", err)
	}
	sealed := k1.Seal([]byte("A012345678"))
	if bytes.Contains(sealed, []byte("A012345678")) {
		t.Fatal("sealed text holds the plaintext")
	}
	if got, err := k2.Open(sealed); err != nil || string(got) != "A012345678" {
		t.Fatalf("open: %q %v", got, err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := k2.Open(sealed); !errors.Is(err, ErrUnsealable) {
		t.Fatalf("a tampered seal opened: %v", err)
	}
	other := NewKeysForTest(bytes.Repeat([]byte{9}, 32))
	if other.KeyCheck() == k1.KeyCheck() || k1.KeyCheck() == k1.MAC("", "") {
		t.Error("the key check does not tell keys apart, or is another derived value")
	}
}

// Only a computer with no keyring service at all gets a key file.
func TestNoKeyringServiceUsesAFile(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "CaseDesk", "casedesk.key")
	k1, err := LoadKeys(ctx, noService, file)
	if err != nil || k1.Source != FromFile || !k1.Created || k1.File != file {
		t.Fatalf("first load: %+v %v", k1, err)
	}
	if fi, err := os.Stat(file); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("key file: %v %v", fi, err)
	}
	k2, err := LoadKeys(ctx, noService, file)
	if err != nil || k2.Created || k2.MAC("x", "y") != k1.MAC("x", "y") {
		t.Fatalf("the file key changed, or was made again: %+v %v", k2, err)
	}
	// No keyring at all (CASEDESK_KEY_FILE) reads the same file.
	if k3, err := LoadKeys(ctx, nil, file); err != nil || k3.Created || k3.MAC("x", "y") != k1.MAC("x", "y") {
		t.Fatalf("without a keyring: %+v %v", k3, err)
	}
	// Nothing but the key file (and its lock) is left in the folder.
	entries, _ := os.ReadDir(filepath.Dir(file))
	for _, e := range entries {
		if e.Name() != "casedesk.key" && e.Name() != "casedesk.key.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A keyring that is slow (locked, waiting for a prompt) or fails is reported
// and never replaced by a second key.
func TestAKeyringThatDoesNotAnswerMakesNoKey(t *testing.T) {
	for name, kr := range map[string]*fakeKeyring{
		"answers after 4 s": {delay: keyringTimeout + time.Second},
		"fails":             {err: errors.New("org.freedesktop.DBus.Error.NoReply: did not receive a reply")},
		"is locked":         {err: errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "casedesk.key")
			start := time.Now()
			k, err := LoadKeys(context.Background(), kr, file)
			if err == nil || k != nil {
				t.Fatalf("got a key: %+v", k)
			}
			if d := time.Since(start); d > keyringTimeout+time.Second/2 {
				t.Errorf("waited %v", d)
			}
			if !errors.Is(err, app.ErrKeyring) {
				t.Errorf("the error is not a keyring error: %v", err)
			}
			if msg := app.StoreMessage("casedesk.db", err); !strings.Contains(msg, "did not answer") || !strings.Contains(msg, "did not make a new key") {
				t.Errorf("message: %q", msg)
			}
			if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a key file was made: %v", err)
			}
			time.Sleep(kr.delay) // a late answer must not start anything either
			if n := kr.sets.Load(); n != 0 {
				t.Errorf("a key was stored in the keyring %d times", n)
			}
		})
	}
}

// A keyring that finds no key but then fails to store one gives no key
// file either.
func TestAKeyringThatCannotStoreMakesNoFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "casedesk.key")
	kr := &failingSet{}
	if k, err := LoadKeys(context.Background(), kr, file); err == nil || !errors.Is(err, app.ErrKeyring) {
		t.Fatalf("%+v %v", k, err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made: %v", err)
	}
}

type failingSet struct{}

func (failingSet) Get(string, string) (string, error) { return "", keyring.ErrNotFound }
func (failingSet) Set(string, string, string) error {
	return errors.New("org.freedesktop.Secret.Error.IsLocked")
}

func TestAKeyFileOthersCanReadIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows files have no Unix mode")
	}
	file := filepath.Join(t.TempDir(), "casedesk.key")
	key := encodeKey(bytes.Repeat([]byte{5}, 32)) + "\n"
	if err := os.WriteFile(file, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		if err := os.Chmod(file, mode); err != nil {
			t.Fatal(err)
		}
		k, err := LoadKeys(context.Background(), noService, file)
		if err == nil || !errors.Is(err, app.ErrKeyFile) {
			t.Fatalf("%v: %+v %v", mode, k, err)
		}
		if msg := app.StoreMessage("casedesk.db", err); !strings.Contains(msg, "chmod 600 "+file) {
			t.Errorf("%v: %q", mode, msg)
		}
		if b, _ := os.ReadFile(file); string(b) != key {
			t.Fatalf("%v: the key file was changed", mode)
		}
	}
	os.Chmod(file, 0o600)
	if k, err := LoadKeys(context.Background(), noService, file); err != nil || k.Created {
		t.Fatalf("after chmod 600: %+v %v", k, err)
	}
}

// Two CaseDesks started at once, the first time, end with one key.
func TestFirstStartsAtOnceMakeOneKey(t *testing.T) {
	for _, mode := range []string{"keyring", "file"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			start := strconv.FormatInt(time.Now().Add(time.Second).UnixNano(), 10)
			const n = 3
			outs := make([]bytes.Buffer, n)
			cmds := make([]*exec.Cmd, n)
			for i := range cmds {
				cmds[i] = exec.Command(os.Args[0], "-test.run=^TestKeysChild$")
				cmds[i].Env = append(os.Environ(), "CASEDESK_KEYS_CHILD="+mode, "CASEDESK_KEYS_DIR="+dir, "CASEDESK_KEYS_START="+start)
				cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
				if err := cmds[i].Start(); err != nil {
					t.Fatal(err)
				}
			}
			macs := map[string]bool{}
			created := 0
			for i, cmd := range cmds {
				if err := cmd.Wait(); err != nil {
					t.Fatalf("child %d: %v\n%s", i, err, outs[i].String())
				}
				var mac, made string
				sc := bufio.NewScanner(&outs[i])
				for sc.Scan() {
					if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "KEY" {
						mac, made = f[1], f[2]
					}
				}
				if mac == "" {
					t.Fatalf("child %d said: %s", i, outs[i].String())
				}
				macs[mac] = true
				if made == "true" {
					created++
				}
			}
			if len(macs) != 1 || created != 1 {
				t.Errorf("%d starts at once made %d keys (%d said they made one)", n, len(macs), created)
			}
		})
	}
}

// TestKeysChild is one CaseDesk start of TestFirstStartsAtOnceMakeOneKey.
func TestKeysChild(t *testing.T) {
	mode, dir := os.Getenv("CASEDESK_KEYS_CHILD"), os.Getenv("CASEDESK_KEYS_DIR")
	if mode == "" {
		t.Skip("run by TestFirstStartsAtOnceMakeOneKey")
	}
	at, _ := strconv.ParseInt(os.Getenv("CASEDESK_KEYS_START"), 10, 64)
	time.Sleep(time.Until(time.Unix(0, at)))
	var kr Keyring = noService
	if mode == "keyring" {
		kr = slowFileKeyring{filepath.Join(dir, "keyring")}
	}
	k, err := LoadKeys(context.Background(), kr, filepath.Join(dir, "casedesk.key"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("KEY %s %v\n", k.MAC("test", "x"), k.Created)
}

// slowFileKeyring is a keyring shared between processes: a file, read
// slowly enough that two first starts both find it empty.
type slowFileKeyring struct{ path string }

func (f slowFileKeyring) Get(string, string) (string, error) {
	b, err := os.ReadFile(f.path)
	time.Sleep(300 * time.Millisecond)
	if errors.Is(err, os.ErrNotExist) {
		return "", keyring.ErrNotFound
	}
	return string(b), err
}

func (f slowFileKeyring) Set(_, _, secret string) error {
	return os.WriteFile(f.path, []byte(secret), 0o600)
}

// hungKeyring stores nothing until released: a prompt nobody answered.
type hungKeyring struct {
	mu      sync.Mutex
	secret  string
	sets    int
	release chan struct{}
}

func (k *hungKeyring) Get(string, string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.secret == "" {
		return "", keyring.ErrNotFound
	}
	return k.secret, nil
}

func (k *hungKeyring) Set(_, _, s string) error {
	k.mu.Lock()
	k.sets++
	first := k.sets == 1
	k.mu.Unlock()
	if first {
		<-k.release
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.secret = s
	return nil
}

// TestALateKeyringWriteIsTheSameKey: a keyring write that timed out and
// lands later stores the same key a retry stored, so data sealed after the
// retry still opens.
func TestALateKeyringWriteIsTheSameKey(t *testing.T) {
	kr := &hungKeyring{release: make(chan struct{})}
	file := filepath.Join(t.TempDir(), "casedesk.key")
	ctx := context.Background()
	if _, err := LoadKeys(ctx, kr, file); err == nil {
		t.Fatal("a keyring that did not answer gave a key")
	}
	k2, err := LoadKeys(ctx, kr, file)
	if err != nil {
		t.Fatalf("the retry: %v", err)
	}
	sealed := k2.Seal([]byte("1985-03-14|A123456789"))
	close(kr.release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		kr.mu.Lock()
		done := kr.sets == 2 && kr.secret != ""
		kr.mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the late write lands
	k3, err := LoadKeys(ctx, kr, file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k3.Open(sealed); err != nil {
		t.Fatal("the keyring now holds another key than the data was sealed with")
	}
}
