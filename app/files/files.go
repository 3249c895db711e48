// Package files holds how CaseDesk treats the files it makes on this
// computer.
package files
