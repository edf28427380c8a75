package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// SalvageReport says what Salvage copied.
type SalvageReport struct {
	// Rows is the number of rows copied, per table.
	Rows map[string]int
	// Damaged names the tables that had rows Salvage could not read (or
	// could not read at all).
	Damaged []string
	// Skipped counts rows read but not written (a record whose user was
	// lost, or a value the schema no longer allows).
	Skipped int
}

// Salvage copies every readable row of the damaged progress database at
// damagedPath into a new database at newPath, which must not exist yet.
// Each table is read forwards until the damage and then backwards from its
// end, so rows on both sides of a damaged page are kept. The damaged file
// is only read. It refuses a file that is not a lambdatutor database.
func Salvage(ctx context.Context, damagedPath, newPath string) (*SalvageReport, error) {
	src, err := filepath.Abs(damagedPath)
	if err != nil {
		return nil, fmt.Errorf("salvage %s: %w", damagedPath, err)
	}
	if _, err := os.Stat(newPath); err == nil {
		return nil, fmt.Errorf("salvage into %s: the file exists; name a new file", newPath)
	}
	p := (&url.URL{Path: filepath.ToSlash(src)}).EscapedPath()
	old, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("salvage %s: %w", src, err)
	}
	defer old.Close()
	var appID int64
	if err := old.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err == nil && appID != applicationID {
		return nil, fmt.Errorf("salvage %s: it is not a lambdatutor progress database (application id %#x)", src, appID)
	}
	oldTables := map[string]bool{}
	rows, err := old.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err == nil {
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				oldTables[n] = true
			}
		}
		err = rows.Err()
		rows.Close()
	}
	if err != nil || len(oldTables) == 0 {
		return nil, fmt.Errorf("salvage %s: even its list of tables cannot be read (%v), so nothing can be copied; restore it from a backup, or start afresh with --db pointing at a new file", src, err)
	}

	dst, err := Open(newPath)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	rep := &SalvageReport{Rows: map[string]int{}}
	// Parents before children, so foreign keys hold.
	tables := []string{"users", "settings", "lesson_records", "quiz_cards", "quiz_reviews", "exercise_records", "exercise_attempts", "drafts"}
	err = dst.write(ctx, func(tx *sql.Tx) error {
		for _, t := range tables {
			if !oldTables[t] {
				continue
			}
			n, skipped, damaged, err := salvageTable(ctx, old, tx, t)
			if err != nil {
				return err
			}
			rep.Rows[t] = n
			rep.Skipped += skipped
			if damaged {
				rep.Damaged = append(rep.Damaged, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("salvage into %s: %w", newPath, err)
	}
	return rep, nil
}

// salvageTable copies table t's readable rows, forwards then backwards.
func salvageTable(ctx context.Context, old *sql.DB, tx *sql.Tx, t string) (copied, skipped int, damaged bool, err error) {
	cols, err := commonColumns(ctx, old, tx, t)
	if err != nil {
		return 0, 0, true, nil
	}
	order := "rowid"
	var wr bool
	if err := tx.QueryRowContext(ctx, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?", t).Scan(&wr); err == nil && wr {
		pk, err := primaryKey(ctx, tx, t)
		if err != nil {
			return 0, 0, false, err
		}
		order = pk
	}
	list := strings.Join(cols, ", ")
	ins, err := tx.PrepareContext(ctx, fmt.Sprintf("INSERT OR IGNORE INTO %s (%s) VALUES (%s)", t, list, strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")))
	if err != nil {
		return 0, 0, false, err
	}
	defer ins.Close()
	for _, dir := range []string{"ASC", "DESC"} {
		done, err := copyRows(ctx, old, ins, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", list, t, strings.ReplaceAll(order, ",", " "+dir+",")+" "+dir), len(cols), &copied, &skipped)
		if err != nil {
			return 0, 0, false, err
		}
		if done {
			return copied, skipped, damaged, nil
		}
		damaged = true
	}
	return copied, skipped, damaged, nil
}

// copyRows copies the rows query returns until it ends (done) or fails to
// read (not done). An error is returned only for a failed write.
func copyRows(ctx context.Context, old *sql.DB, ins *sql.Stmt, query string, n int, copied, skipped *int) (bool, error) {
	rows, err := old.QueryContext(ctx, query)
	if err != nil {
		return false, nil
	}
	defer rows.Close()
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return false, nil
		}
		res, err := ins.ExecContext(ctx, vals...)
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			*skipped++
			continue
		}
		if k, _ := res.RowsAffected(); k > 0 {
			*copied++
		}
	}
	return rows.Err() == nil, nil
}

// commonColumns lists the columns t has in both databases.
func commonColumns(ctx context.Context, old *sql.DB, tx *sql.Tx, t string) ([]string, error) {
	have := map[string]bool{}
	rows, err := old.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", t)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		have[c] = true
	}
	rows.Close()
	rows2, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", t)
	if err != nil {
		return nil, err
	}
	defer rows2.Close()
	var cols []string
	for rows2.Next() {
		var c string
		if err := rows2.Scan(&c); err != nil {
			return nil, err
		}
		if have[c] {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil, errors.New("no columns in common")
	}
	return cols, rows2.Err()
}

// primaryKey is t's primary key columns in key order, comma-separated.
func primaryKey(ctx context.Context, tx *sql.Tx, t string) (string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", t)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var pk []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		pk = append(pk, c)
	}
	return strings.Join(pk, ","), rows.Err()
}
