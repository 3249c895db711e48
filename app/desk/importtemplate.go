package desk

import (
	"os"
	"path/filepath"
)

// SaveTemplate writes the template of a kind of file to path, readable by
// its owner only, through a temporary file in the same folder renamed
// into place: the path holds the whole template or what it held before.
func SaveTemplate(path string, k ImportKind) error {
	return writeFileAtomic(path, Template(k))
}

func writeFileAtomic(path string, b []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
