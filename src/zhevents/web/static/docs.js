// Starts the vendored Swagger UI on this server's OpenAPI schema (no CDN, no inline script).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
