package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	defer SetParamsForTesting(Cheap)()
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not in the PHC format with the current parameters", h)
	}
	if ok, err := Verify("correct horse battery", h); !ok || err != nil {
		t.Errorf("Verify(right password) = %v, %v", ok, err)
	}
	if ok, err := Verify("correct horse batterx", h); ok || err != nil {
		t.Errorf("Verify(wrong password) = %v, %v", ok, err)
	}
	h2, _ := Hash("correct horse battery")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if NeedsRehash(h) {
		t.Error("NeedsRehash of a hash with the current parameters")
	}
	restore := SetParamsForTesting(Params{Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if !NeedsRehash(h) {
		t.Error("NeedsRehash is false after the parameters changed")
	}
	if ok, _ := Verify("correct horse battery", h); !ok {
		t.Error("a hash made with older parameters no longer verifies")
	}
	restore()
	if !NeedsRehash("garbage") {
		t.Error("NeedsRehash(garbage) = false")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, s := range []string{
		"",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=064,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$c2Fsd$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5$",
	} {
		if ok, err := Verify("x", s); ok || err != ErrMalformed {
			t.Errorf("Verify(%q) = %v, %v; want ErrMalformed", s, ok, err)
		}
	}
}

// FuzzDecode: whatever the stored text, decoding never panics, and what
// decodes is exactly what encode writes for it (one encoding per hash).
func FuzzDecode(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$")
	f.Add("$argon2id$v=19$m=,t=,p=$x$y")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := decode(s)
		if err != nil {
			return
		}
		if got := encode(p, salt, key); got != s {
			t.Errorf("decode(%q) re-encodes as %q", s, got)
		}
	})
}

// BenchmarkHash measures one hash with the default parameters: the work of
// a sign-in.
func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
