//go:build !unix

package files

// Private does nothing here: a Windows file takes its access list from its
// folder, and the user's own folders are theirs alone.
func Private() {}
