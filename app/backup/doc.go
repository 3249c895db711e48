// Package backup is how CaseDesk seals a copy of its store so that a lost
// USB stick reveals nothing, opens it again only when nothing in it was
// changed, names the backups it makes, keeps the last 14 daily and 8
// weekly ones, and makes one by itself on the first start of each day.
//
// It knows nothing of SQL: the store hands it a plain copy of itself to
// seal (see data.Store.SealedBackup), and takes the opened copy back on restore.
package backup
