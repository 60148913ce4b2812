// Where Lotline runs. Customer account extensions, unlike admin ones, get no relative URLs resolved
// against the app: every request needs the absolute address. Keep it equal to `application_url` in
// shopify.app.toml (and add the host to the app's network access if Shopify asks for it).
export const APP_URL = "https://lotline.example.com";
