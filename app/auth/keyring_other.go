//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package auth

// systemService is always there: macOS has its Keychain and Windows its
// Credential Manager; go-keyring answers ErrUnsupportedPlatform elsewhere.
func systemService() error { return nil }
