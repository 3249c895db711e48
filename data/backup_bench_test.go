package data

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"casedesk/app/auth"
)

// BenchmarkBackupSealed is a sealed backup of the reference clinic: VACUUM
// INTO beside the store, integrity_check, sealing into the backup folder,
// sync and rename. Its bar is 2× BenchmarkBackupVacuumInto, same run.
func BenchmarkBackupSealed(b *testing.B) {
	s := benchStore(b)
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{3}, 32))
	dest := filepath.Join(b.TempDir(), "casedesk-2026-11-27.cdbackup")
	ctx := context.Background()
	for b.Loop() {
		if err := s.SealedBackup(ctx, dest, keys); err != nil {
			b.Fatal(err)
		}
	}
	if fi, err := os.Stat(dest); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "MB")
	}
}

// BenchmarkBackupVacuumInto is the floor: a plain VACUUM INTO of the
// reference clinic into the same folder, nothing else.
func BenchmarkBackupVacuumInto(b *testing.B) {
	s := benchStore(b)
	dest := filepath.Join(b.TempDir(), "plain.db")
	ctx := context.Background()
	for b.Loop() {
		os.Remove(dest)
		if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
			b.Fatal(err)
		}
	}
}
