//go:build !linux

package data

import (
	"syscall"
	"time"
)

// tcpUserTimeout is nil where the system has no TCP_USER_TIMEOUT: the
// keep-alives alone find a server gone silent.
func tcpUserTimeout(time.Duration) func(network, address string, c syscall.RawConn) error {
	return nil
}
