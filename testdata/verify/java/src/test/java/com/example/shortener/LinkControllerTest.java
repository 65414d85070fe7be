package com.example.shortener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class LinkControllerTest {
    private final LinkController controller = new LinkController();

    @Test
    void shortensAndFollows() {
        ResponseEntity<Map<String, String>> created =
                controller.shorten(new LinkController.ShortenRequest("ex1", "https://example.com"));
        assertEquals(HttpStatus.CREATED, created.getStatusCode());
        ResponseEntity<Void> followed = controller.follow("ex1");
        assertEquals(HttpStatus.FOUND, followed.getStatusCode());
        assertEquals("https://example.com", followed.getHeaders().getLocation().toString());
    }

    @Test
    void rejectsTakenCode() {
        controller.shorten(new LinkController.ShortenRequest("ex1", "https://example.com"));
        ResponseEntity<Map<String, String>> again =
                controller.shorten(new LinkController.ShortenRequest("ex1", "https://example.org"));
        assertEquals(HttpStatus.CONFLICT, again.getStatusCode());
    }

    @Test
    void unknownCodeIsNotFound() {
        assertEquals(HttpStatus.NOT_FOUND, controller.follow("nope").getStatusCode());
    }
}
