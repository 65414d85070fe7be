package com.example.shortener;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shortens links and follows them.
 */
@RestController
public class LinkController {
    /** Codes become path segments: letters, digits, '-' and '_'. */
    public static final String CODE_PATTERN = "[A-Za-z0-9_-]{3,32}";

    private final Map<String, URI> links = new ConcurrentHashMap<>();

    /** A request to shorten url under code. */
    public record ShortenRequest(String code, String url) {
    }

    /**
     * Creates a short link.
     *
     * @param request the code and the URL
     * @return 201 with the code, 400 for a bad code or URL, 409 when taken
     */
    @PostMapping("/links")
    public ResponseEntity<Map<String, String>> shorten(@RequestBody ShortenRequest request) {
        if (request.code() == null || !request.code().matches(CODE_PATTERN)) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid code"));
        }
        Optional<URI> url = parse(request.url());
        if (url.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid url"));
        }
        if (links.putIfAbsent(request.code(), url.get()) != null) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "taken"));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("code", request.code()));
    }

    /**
     * Redirects to the URL behind code.
     */
    @GetMapping("/{code}")
    public ResponseEntity<Void> follow(@PathVariable String code) {
        URI target = links.get(code);
        if (target == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(target).build();
    }

    private static Optional<URI> parse(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            return "http".equals(scheme) || "https".equals(scheme) ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
