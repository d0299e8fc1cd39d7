// Starts Swagger UI on the OpenAPI document. A file of its own (no inline script), so the page
// works under a Content-Security-Policy of script-src 'self'.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "/api/docs/json", dom_id: "#swagger-ui", deepLinking: true });
});
