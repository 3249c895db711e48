package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app/backup"
)

// restoreSeen records what restore was asked.
type restoreSeen struct {
	*fakeStores
	req *RestoreRequest
	err error
	r   Restored
}

func (s restoreSeen) Restore(_ context.Context, r RestoreRequest) (Restored, error) {
	*s.req = r
	return s.r, s.err
}

// restore passes the recovery key it was given, says how it went, and
// refuses two ways of giving the key at once.
func TestRestoreRecoveryKeyWays(t *testing.T) {
	env, st, out := newEnv(t)
	var req RestoreRequest
	env.Stores = restoreSeen{fakeStores: st, req: &req, r: Restored{Plain: true}}
	if err := Run(context.Background(), env, []string{"restore", "old.db"}); err != nil || !strings.Contains(out.String(), "a plain backup made by an earlier CaseDesk") {
		t.Errorf("plain: %v %q", err, out)
	}
	if req.RecoveryKey != nil {
		t.Error("a recovery key was asked for with no terminal and no file")
	}
	keyFile := filepath.Join(t.TempDir(), "key.txt")
	os.WriteFile(keyFile, []byte("not a key"), 0o600)
	if err := Run(context.Background(), env, []string{"restore", "b.cdbackup", "--recovery-key-file", keyFile}); err != nil {
		t.Fatal(err)
	}
	if req.RecoveryKey == nil {
		t.Fatal("the key file was not passed on")
	}
	if _, err := req.RecoveryKey(); err == nil {
		t.Error("a file without a key gave one")
	}
	if err := Run(context.Background(), env, []string{"restore", "b.cdbackup", "--recovery-key-file", keyFile, "--recovery-qr", "x.png"}); ExitCode(err) != 2 || !strings.Contains(err.Error(), "not both") {
		t.Errorf("both ways: %v", err)
	}
	env.Stores = restoreSeen{fakeStores: st, req: &req, err: backup.ErrNeedRecoveryKey}
	err := Run(context.Background(), env, []string{"restore", "b.cdbackup"})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "--recovery-key-file") || !strings.Contains(err.Error(), "Nothing was changed") {
		t.Errorf("no key: %v", err)
	}
	env.Stores = restoreSeen{fakeStores: st, req: &req, err: backup.ErrTampered}
	if err := Run(context.Background(), env, []string{"restore", "b.cdbackup"}); !strings.Contains(err.Error(), "changed or damaged") {
		t.Errorf("tampered: %v", err)
	}
	if err := Run(context.Background(), env, []string{"backup", "a", "b"}); ExitCode(err) != 2 {
		t.Errorf("backup of two files: %v", err)
	}
}
