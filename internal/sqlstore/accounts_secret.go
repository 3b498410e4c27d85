package sqlstore

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/lmo-observatory/lmo/internal/password"
)

// TokenPrefix begins every API token's secret, so that a token pasted into
// a log or a repository is recognisable (by people and secret scanners).
const TokenPrefix = "lmo_"

// newSecret returns prefix and 32 random bytes in unpadded base64url, and
// the hash under which it is stored.
func newSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("make a secret: %w", err)
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, secretHash(secret), nil
}

// secretHash is how a secret is stored and looked up: hex SHA-256. A
// secret has 256 random bits, so a fast hash suffices (nothing to guess),
// and a lookup by it costs one index probe.
func secretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// dummy is a hash of no one's password, verified when a sign-in names no
// account (or one without a password), so that it takes the work of a
// real one.
var dummy struct {
	sync.Mutex
	hash string
}

// dummyHash returns a hash made with the current parameters.
func dummyHash() (string, error) {
	dummy.Lock()
	defer dummy.Unlock()
	if dummy.hash == "" || password.NeedsRehash(dummy.hash) {
		h, err := password.Hash("no one's password")
		if err != nil {
			return "", err
		}
		dummy.hash = h
	}
	return dummy.hash, nil
}
