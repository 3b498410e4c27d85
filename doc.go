// Package lmo is the domain of the Labour Migration Observatory: the types
// that describe good practices, countries, regions and controlled
// vocabularies, the service interfaces that the stores implement, and the
// error codes that every layer shares. It imports no infrastructure; the
// adapters (sqlite, web, starter) sit beside it and cmd/lmo wires them.
package lmo
