// Package password hashes passwords with argon2id (RFC 9106) and checks
// them, in the PHC string format
//
//	$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
//
// with salt and hash in unpadded standard base64, so that the parameters a
// hash was made with travel with it: a hash made with older parameters
// still verifies, and NeedsRehash tells the caller to store a new one.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// Default is OWASP's first argon2id configuration (Password Storage Cheat
// Sheet): m=19 MiB, t=2, p=1, which is also RFC 9106's advice scaled to a
// server that verifies several sign-ins at once. RFC 9106's "second
// recommended option" (64 MiB, t=3, p=4) costs 64 MiB per concurrent
// sign-in: on the small shared machines LMO runs on, a burst of twenty
// sign-ins would take over a gigabyte, so the memory-lighter point of the
// same security level (OWASP rates them equivalent) is chosen. Salt 16
// bytes and key 32 bytes as RFC 9106 recommends.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// current is the parameters new hashes are made with.
var current = Default

// SetParamsForTesting makes new hashes with p (tests use cheap ones) and
// returns a function that restores the previous parameters. Only tests
// call it.
func SetParamsForTesting(p Params) (restore func()) {
	old := current
	current = p
	return func() { current = old }
}

// Cheap are parameters for tests: fast, and not safe for real passwords.
var Cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// ErrMalformed is returned for an encoded hash that is not argon2id's PHC
// format as Hash writes it.
var ErrMalformed = errors.New("password: malformed argon2id hash")

// Hash returns the PHC encoding of password's argon2id hash with a fresh
// random salt and the current parameters.
func Hash(password string) (string, error) {
	p := current
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encode(p, salt, key), nil
}

// Verify reports whether password matches the encoded hash, comparing in
// constant time; ErrMalformed when encoded cannot be decoded.
func Verify(password, encoded string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// the current ones (or cannot be read), so that the caller stores a new
// hash the next time it has the password.
func NeedsRehash(encoded string) bool {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return true
	}
	c := current
	return p.Memory != c.Memory || p.Time != c.Time || p.Threads != c.Threads ||
		uint32(len(salt)) != c.SaltLen || uint32(len(key)) != c.KeyLen
}

var b64 = base64.RawStdEncoding

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Bounds on what decode accepts, so that a stored hash cannot make Verify
// allocate or work without limit.
const (
	maxMemory = 1 << 21 // 2 GiB in KiB
	maxTime   = 64
	maxBytes  = 1024
)

// decode parses the PHC encoding that encode writes.
func decode(s string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, ErrMalformed
	}
	if p, err = decodeParams(parts[3]); err != nil {
		return p, nil, nil, err
	}
	salt, err1 := b64.Strict().DecodeString(parts[4])
	key, err2 := b64.Strict().DecodeString(parts[5])
	// The decoder skips newlines; a re-encoding that differs is refused.
	canonical := b64.EncodeToString(salt) == parts[4] && b64.EncodeToString(key) == parts[5]
	if err1 != nil || err2 != nil || !canonical || len(salt) < 8 || len(key) < 16 || len(salt) > maxBytes || len(key) > maxBytes {
		return p, nil, nil, ErrMalformed
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// decodeParams parses "m=...,t=...,p=...", in that order.
func decodeParams(s string) (Params, error) {
	var p Params
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return p, ErrMalformed
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(fields[i], name)
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil || v != strconv.FormatUint(n, 10) {
			return p, ErrMalformed
		}
		vals[i] = n
	}
	if vals[2] < 1 || vals[2] > 255 || vals[1] < 1 || vals[1] > maxTime || vals[0] < 8*vals[2] || vals[0] > maxMemory {
		return p, ErrMalformed
	}
	p.Memory, p.Time, p.Threads = uint32(vals[0]), uint32(vals[1]), uint8(vals[2])
	return p, nil
}
