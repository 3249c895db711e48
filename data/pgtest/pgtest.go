// Package pgtest runs a throwaway PostgreSQL server for tests and
// benchmarks: a cluster made with initdb in a temporary folder, started with
// pg_ctl, stopped and removed afterwards. initdb refuses to run as root, so
// as root the cluster belongs to the postgres user that Debian's postgresql
// package makes.
//
// The server listens on its folder's Unix socket, where its superuser
// (casedesk_admin) signs in without a password, and on 127.0.0.1 with TLS,
// where every role needs its password (scram-sha-256). The stores tests open
// belong to casedesk_app, a role that is no superuser and may not create
// databases or roles: CaseDesk works with no more than that.
package pgtest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// The roles of the cluster.
const (
	Admin = "casedesk_admin" // the superuser, on the socket only
	App   = "casedesk_app"   // what CaseDesk signs in as
	// AppPassword is App's password over TCP (the socket needs none).
	AppPassword = "throwaway-test-password"
)

// Server is a running throwaway cluster.
type Server struct {
	Dir  string // the cluster's folder: data, socket, certificates
	Port int
	bin  string
	cred *syscall.Credential // whom the server runs as, when that is not us
	n    atomic.Int64
	fast bool
}

// Options choose how the cluster runs.
type Options struct {
	// Durable keeps fsync on, as a real server runs: for benchmarks. Tests
	// run without it (a throwaway cluster loses nothing that matters).
	Durable bool
}

// Start makes and starts a cluster. Stop it with Stop.
func Start(opt Options) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	removeOrphans(bin)
	dir, err := os.MkdirTemp("", "casedesk-pg-")
	if err != nil {
		return nil, err
	}
	// Whose cluster this is: a later Start removes it once this process
	// is gone without stopping it (a test run killed by its timeout).
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin, fast: !opt.Durable}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, errors.New("pgtest: initdb refuses to run as root, and there is no postgres user to run it as (install Debian's postgresql package)")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.init(); err != nil {
		s.remove()
		return nil, err
	}
	for try := 0; ; try++ {
		s.Port = 20000 + int(time.Now().UnixNano()%20000)
		if err = s.configure(); err == nil {
			if err = s.start(); err == nil {
				break
			}
		}
		if try == 5 {
			s.remove()
			return nil, err
		}
	}
	if err := s.roles(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// removeOrphans stops and removes the clusters of test processes that
// ended without stopping theirs.
func removeOrphans(bin string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "casedesk-pg-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "owner"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) == nil || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue
		}
		s := &Server{Dir: dir, bin: bin}
		if fi, err := os.Stat(dir); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
				s.cred = &syscall.Credential{Uid: st.Uid, Gid: st.Gid}
			}
		}
		s.Stop()
	}
}

// binDir is where the server's programs are: pg_config's answer, or the
// newest of Debian's /usr/lib/postgresql/N/bin.
func binDir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(found, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return a < b
	})
	if len(found) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", errors.New("pgtest: PostgreSQL's initdb is missing: install Debian's postgresql package (make test does)")
	}
	return filepath.Dir(found[len(found)-1]), nil
}

func (s *Server) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgtest: %s: %w\n%s", name, err, out)
	}
	return nil
}

func (s *Server) data() string { return filepath.Join(s.Dir, "data") }

func (s *Server) init() error {
	return s.run("initdb", "-D", s.data(), "-U", Admin, "--auth-local=trust", "--auth-host=scram-sha-256",
		"--locale=C", "-E", "UTF8", "--no-instructions", "--no-sync")
}

// configure writes the server's settings, a certificate authority and the
// server's certificate (for localhost and 127.0.0.1) signed by it.
func (s *Server) configure() error {
	if err := s.certificates(); err != nil {
		return err
	}
	conf := []string{
		"listen_addresses = '127.0.0.1'",
		fmt.Sprintf("port = %d", s.Port),
		fmt.Sprintf("unix_socket_directories = '%s'", s.Dir),
		"max_connections = 200",
		"ssl = on",
		"ssl_cert_file = 'server.crt'",
		"ssl_key_file = 'server.key'",
		"password_encryption = 'scram-sha-256'",
		"log_min_messages = fatal",
		"shared_buffers = 128MB",
	}
	if s.fast {
		conf = append(conf, "fsync = off", "synchronous_commit = off", "full_page_writes = off")
	}
	return s.writeFile(filepath.Join(s.data(), "postgresql.auto.conf"), strings.Join(conf, "\n")+"\n", 0o600)
}

func (s *Server) writeFile(path, content string, mode os.FileMode) error {
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		return err
	}
	if s.cred != nil {
		return os.Chown(path, int(s.cred.Uid), int(s.cred.Gid))
	}
	return nil
}

// CA is the file of the certificate authority that signed the server's
// certificate: sslrootcert for sslmode=verify-full.
func (s *Server) CA() string { return filepath.Join(s.Dir, "ca.crt") }

func (s *Server) certificates() error {
	if _, err := os.Stat(s.CA()); err == nil {
		return nil
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CaseDesk test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	pemOf := func(kind string, b []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: b}))
	}
	if err := s.writeFile(s.CA(), pemOf("CERTIFICATE", caDER), 0o644); err != nil {
		return err
	}
	if err := s.writeFile(filepath.Join(s.data(), "server.crt"), pemOf("CERTIFICATE", der), 0o600); err != nil {
		return err
	}
	return s.writeFile(filepath.Join(s.data(), "server.key"), pemOf("EC PRIVATE KEY", keyDER), 0o600)
}

func (s *Server) start() error {
	return s.run("pg_ctl", "-D", s.data(), "-l", filepath.Join(s.Dir, "server.log"), "-w", "-t", "60", "start")
}

// Restart stops the server (ending every connection) and starts it again
// after pause.
func (s *Server) Restart(pause time.Duration) error {
	if err := s.StopServer(); err != nil {
		return err
	}
	time.Sleep(pause)
	return s.start()
}

// StopServer stops the server, keeping the cluster: StartServer starts it again.
func (s *Server) StopServer() error {
	return s.run("pg_ctl", "-D", s.data(), "-m", "fast", "-w", "stop")
}

// StartServer starts a server StopServer stopped.
func (s *Server) StartServer() error { return s.start() }

// Stop stops the server and removes the cluster.
func (s *Server) Stop() {
	_ = s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop")
	s.remove()
}

func (s *Server) remove() { os.RemoveAll(s.Dir) }

// AdminURL is the superuser's address of database db, on the socket.
func (s *Server) AdminURL(db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable", Admin, db, url.QueryEscape(s.Dir), s.Port)
}

// URL is casedesk_app's address of database db, on the socket.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable", App, db, url.QueryEscape(s.Dir), s.Port)
}

// TLSURL is casedesk_app's address of database db over TCP with
// sslmode=verify-full against the cluster's own authority, with no
// password in it: it comes from a .pgpass file or the keyring.
func (s *Server) TLSURL(db string) string {
	return fmt.Sprintf("postgres://%s@localhost:%d/%s?sslmode=verify-full&sslrootcert=%s", App, s.Port, db, url.QueryEscape(s.CA()))
}

func (s *Server) roles() error {
	return s.Admin(context.Background(), fmt.Sprintf(
		`CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '%s'`, App, AppPassword))
}

// Admin runs sql as the superuser in the postgres database.
func (s *Server) Admin(ctx context.Context, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.AdminURL("postgres"))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// AdminIn runs sql as the superuser in database db.
func (s *Server) AdminIn(ctx context.Context, db, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.AdminURL(db))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// NewRole makes a role that may sign in with password and is no
// superuser, and may not create databases or roles: like App, for tests
// that need more than one role (an owner of the tables beside the seats').
// Roles belong to the whole cluster, so name must be new in it.
func (s *Server) NewRole(ctx context.Context, name, password string) error {
	return s.Admin(ctx, fmt.Sprintf(`CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '%s'`,
		pgx.Identifier{name}.Sanitize(), strings.ReplaceAll(password, "'", "''")))
}

// URLAs is role's address of database db, on the socket (where no
// password is asked).
func (s *Server) URLAs(role, db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable", url.PathEscape(role), db, url.QueryEscape(s.Dir), s.Port)
}

// NewDatabase makes an empty database owned by casedesk_app (from
// template, when not "") and returns its name.
func (s *Server) NewDatabase(ctx context.Context, template string) (string, error) {
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.n.Add(1))
	q := fmt.Sprintf("CREATE DATABASE %s OWNER %s", name, App)
	if template != "" {
		q += " TEMPLATE " + template
	}
	return name, s.Admin(ctx, q)
}

// DropDatabase removes database name, ending its connections.
func (s *Server) DropDatabase(ctx context.Context, name string) error {
	return s.Admin(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
}
