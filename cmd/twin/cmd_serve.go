package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/citytwin/citytwin/twin/server"
)

// serveConfig holds the validated flags of "twin serve".
type serveConfig struct {
	addr            string
	logLevel        slog.Level
	shutdownTimeout time.Duration
}

func parseServe(env *Env, args []string) (serveConfig, error) {
	cfg := serveConfig{addr: env.getenv("TWIN_ADDR"), shutdownTimeout: 10 * time.Second}
	if cfg.addr == "" {
		cfg.addr = "127.0.0.1:8080"
	}
	level := env.getenv("TWIN_LOG_LEVEL")
	if level == "" {
		level = "info"
	}
	fs := env.flags("serve", "")
	fs.StringVar(&cfg.addr, "addr", cfg.addr, "listen `host:port`; env TWIN_ADDR")
	fs.StringVar(&level, "log-level", level, "debug, info, warn or error; env TWIN_LOG_LEVEL")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", cfg.shutdownTimeout, "how long in-flight requests may finish on SIGTERM")
	if rest, err := parseInterleaved(fs, args); err != nil {
		return cfg, err
	} else if len(rest) > 0 {
		return cfg, fmt.Errorf("unexpected arguments %v", rest)
	}
	if err := cfg.logLevel.UnmarshalText([]byte(level)); err != nil {
		return cfg, fmt.Errorf("--log-level: %w", err)
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return cfg, fmt.Errorf("--addr %q: %w", cfg.addr, err)
	}
	return cfg, nil
}

func runServe(ctx context.Context, env *Env, args []string) error {
	cfg, err := parseServe(env, args)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	store, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.New(server.Options{Store: store, Logger: logger, Version: version}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(env.Stdout, "CityTwin serving %s on http://%s/\n", env.StorePath, ln.Addr())
	logger.Info("serving", "addr", ln.Addr().String(), "store", env.StorePath)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
