package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneAmbiguityTagParser: @ambiguity tags are read by ParseAmbiguityTag alone. No other
// package spells the prefix out in its code (tests and fixtures may).
func TestOneAmbiguityTagParser(t *testing.T) {
	var spelled []string
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || d.Name() == "cassettes" || d.Name() == "tools" || strings.HasPrefix(d.Name(), ".")) && p != "..":
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go"):
			return nil
		case filepath.Dir(p) == filepath.Join("..", "rules"):
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(v, AmbiguityTagPrefix) {
					spelled = append(spelled, fset.Position(lit.Pos()).String())
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	assert.Empty(t, spelled, "read @ambiguity tags with rules.ParseAmbiguityTag, not by their prefix")
}
