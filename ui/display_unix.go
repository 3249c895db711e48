//go:build unix && !darwin && !android && !ios

package ui

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// CanShow reports whether there is a display to show the window on: X11
// (DISPLAY) or Wayland (WAYLAND_DISPLAY). Without one the windowing library
// would stop CaseDesk with a stack trace; the error says it in one line.
func CanShow() error {
	x, wl := os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY")
	if wl != "" {
		return nil
	}
	if x == "" {
		return &NoDisplayError{Why: "there is none here (DISPLAY and WAYLAND_DISPLAY are not set)"}
	}
	// A local X display, ":1" or "unix:1.0", answers on a socket; a remote
	// one (host:10, as over ssh -X) is left to the windowing library.
	if host, num, ok := strings.Cut(x, ":"); ok && (host == "" || host == "unix") {
		num, _, _ = strings.Cut(num, ".")
		if !answers(num) {
			return &NoDisplayError{Why: "DISPLAY=" + x + " is not running"}
		}
	}
	return nil
}

// answers reports whether local X display num takes connections, on its
// socket file or (on Linux) the abstract socket of the same name.
func answers(num string) bool {
	path := filepath.Join("/tmp/.X11-unix", "X"+num)
	for _, addr := range []string{"@" + path, path} {
		if c, err := net.DialTimeout("unix", addr, time.Second); err == nil {
			c.Close()
			return true
		}
	}
	return false
}
