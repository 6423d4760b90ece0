package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/citytwin/citytwin/twin"
	"github.com/citytwin/citytwin/twin/server"
	"github.com/citytwin/citytwin/twin/server/fastpath"
	"github.com/citytwin/citytwin/viewer"
)

// cesiumBuild is where npm puts CesiumJS's build, relative to the repo.
const cesiumBuild = "viewer/node_modules/cesium/Build/Cesium"

// serveConfig holds the validated flags of "twin serve".
type serveConfig struct {
	addr        string
	logLevel    slog.Level
	corsOrigins []string
	// cesiumDir is the CesiumJS build directory; "" when none was found.
	cesiumDir       string
	maxBody         int64
	tileCacheMB     int64
	readTimeout     time.Duration
	writeTimeout    time.Duration
	idleTimeout     time.Duration
	shutdownTimeout time.Duration
	// fastTiles puts the fast path (twin/server/fastpath) in front of
	// net/http for tile requests.
	fastTiles bool
}

// envOr is the environment variable's value, or def when it is unset.
func envOr(env *Env, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

func parseServe(env *Env, args []string) (serveConfig, error) {
	cfg := serveConfig{maxBody: server.DefaultMaxBodyBytes, tileCacheMB: server.DefaultTileCacheBytes >> 20,
		readTimeout: 30 * time.Second, writeTimeout: 60 * time.Second, idleTimeout: 120 * time.Second,
		shutdownTimeout: 10 * time.Second, fastTiles: true}
	cfg.addr = envOr(env, "TWIN_ADDR", "127.0.0.1:8080")
	level := envOr(env, "TWIN_LOG_LEVEL", "info")
	cors := env.getenv("TWIN_CORS_ORIGINS")
	cfg.cesiumDir = env.getenv("TWIN_CESIUM_DIR")
	fs := env.flags("serve", "")
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "listen `host:port` (port 0 picks a free one); env TWIN_ADDR")
	fs.StringVar(&level, "log-level", level, "debug, info, warn or error; env TWIN_LOG_LEVEL")
	fs.StringVar(&cors, "cors-origins", cors, "comma-separated `origins` allowed to call the API from a browser (* for any; empty: CORS off); env TWIN_CORS_ORIGINS")
	fs.StringVar(&cfg.cesiumDir, "cesium-dir", cfg.cesiumDir, "CesiumJS build `directory` (default: "+cesiumBuild+" below the working directory, else beside bin/); env TWIN_CESIUM_DIR")
	fs.Int64Var(&cfg.maxBody, "max-body", cfg.maxBody, "largest request body, `bytes`")
	fs.Int64Var(&cfg.tileCacheMB, "tile-cache-mb", cfg.tileCacheMB, "memory for cached tile files, `MiB` (0: no cache)")
	fs.DurationVar(&cfg.readTimeout, "read-timeout", cfg.readTimeout, "how long reading a request may take (0: no limit)")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", cfg.writeTimeout, "how long writing a response may take (0: no limit)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", cfg.idleTimeout, "how long an idle keep-alive connection stays open (0: no limit)")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", cfg.shutdownTimeout, "how long in-flight requests may finish on SIGTERM")
	if v := env.getenv("TWIN_FAST_TILES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("TWIN_FAST_TILES=%q: want true or false", v)
		}
		cfg.fastTiles = b
	}
	fs.BoolVar(&cfg.fastTiles, "fast-tiles", cfg.fastTiles, "answer tile GETs on a lean HTTP/1.1 path in front of net/http (false: net/http only); env TWIN_FAST_TILES")
	if rest, err := parseInterleaved(fs, args); err != nil {
		return cfg, err
	} else if len(rest) > 0 {
		return cfg, fmt.Errorf("unexpected arguments %v", rest)
	}
	if err := cfg.logLevel.UnmarshalText([]byte(level)); err != nil {
		return cfg, fmt.Errorf("--log-level: %w", err)
	}
	cfg.corsOrigins = splitList(cors)
	return cfg, cfg.validate()
}

// validate checks the flags that parse but make no sense.
func (cfg *serveConfig) validate() error {
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return fmt.Errorf("--addr %q: %w", cfg.addr, err)
	}
	if err := (server.Options{CORSOrigins: cfg.corsOrigins}).Validate(); err != nil {
		return fmt.Errorf("--cors-origins: %w", err)
	}
	if cfg.maxBody <= 0 {
		return fmt.Errorf("--max-body %d: want a positive number of bytes", cfg.maxBody)
	}
	if cfg.tileCacheMB < 0 {
		return fmt.Errorf("--tile-cache-mb %d: want 0 or more", cfg.tileCacheMB)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-timeout", cfg.readTimeout}, {"write-timeout", cfg.writeTimeout}, {"idle-timeout", cfg.idleTimeout}} {
		if d.v < 0 {
			return fmt.Errorf("--%s %s: want 0 (no limit) or more", d.name, d.v)
		}
	}
	if cfg.shutdownTimeout <= 0 {
		return fmt.Errorf("--shutdown-timeout %s: want more than 0", cfg.shutdownTimeout)
	}
	if cfg.cesiumDir != "" {
		if st, err := os.Stat(cfg.cesiumDir); err != nil || !st.IsDir() {
			return fmt.Errorf("--cesium-dir %q: not a directory (run `make deps` to install CesiumJS)", cfg.cesiumDir)
		}
	}
	return nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// findCesiumDir returns the first CesiumJS build that holds Cesium.js:
// below the working directory, then below the parent of the executable's
// directory (bin/../viewer/...). "" when there is none.
func findCesiumDir(exe string) string {
	candidates := []string{cesiumBuild}
	if exe != "" {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		candidates = append(candidates, filepath.Join(filepath.Dir(filepath.Dir(exe)), cesiumBuild))
	}
	for _, dir := range candidates {
		if _, err := os.Stat(filepath.Join(dir, "Cesium.js")); err == nil {
			if abs, err := filepath.Abs(dir); err == nil {
				return abs
			}
			return dir
		}
	}
	return ""
}

func runServe(ctx context.Context, env *Env, args []string) error {
	cfg, err := parseServe(env, args)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	if cfg.cesiumDir == "" {
		exe, _ := os.Executable()
		if cfg.cesiumDir = findCesiumDir(exe); cfg.cesiumDir == "" {
			logger.Warn("CesiumJS not found: the viewer will not load; run `make deps` or pass --cesium-dir", "looked_for", cesiumBuild)
		}
	}
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	handler := server.New(cfg.options(store, logger))
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       cfg.readTimeout,
		WriteTimeout:      cfg.writeTimeout,
		IdleTimeout:       cfg.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(env.Stdout, "CityTwin serving %s on http://%s/\n", env.StorePath, ln.Addr())
	logger.Info("serving", "addr", ln.Addr().String(), "store", env.StorePath, "cesium_dir", cfg.cesiumDir,
		"cors_origins", strings.Join(cfg.corsOrigins, ","))
	var front httpServer = srv
	if cfg.fastTiles {
		front = &fastpath.Server{HTTP: srv, Fast: handler}
	}
	return serveUntilDone(ctx, front, ln, cfg.shutdownTimeout, logger)
}

// httpServer is what serveUntilDone runs: a net/http Server, or a
// fastpath.Server in front of one.
type httpServer interface {
	Serve(net.Listener) error
	Shutdown(context.Context) error
}

// options are the server's options for the validated flags.
func (cfg *serveConfig) options(store twin.Store, logger *slog.Logger) server.Options {
	cacheBytes := cfg.tileCacheMB << 20
	if cacheBytes == 0 {
		cacheBytes = -1 // off
	}
	return server.Options{Store: store, Logger: logger, Version: version, App: viewer.App(),
		CesiumDir: cfg.cesiumDir, CORSOrigins: cfg.corsOrigins, MaxBodyBytes: cfg.maxBody,
		TileCacheBytes: cacheBytes}
}

// serveUntilDone serves on ln until ctx ends (SIGINT, SIGTERM), then shuts
// down: no new connections, in-flight requests get timeout to finish.
func serveUntilDone(ctx context.Context, srv httpServer, ln net.Listener, timeout time.Duration, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", timeout)
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}
