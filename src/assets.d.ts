// Files imported `with { type: "file" }` resolve to a path (embedded in a compiled binary).
declare module "*.css" {
  const path: string;
  export default path;
}
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "*/init.js" {
  const path: string;
  export default path;
}
declare module "@electric-sql/pglite/*.wasm" {
  const path: string;
  export default path;
}
declare module "@electric-sql/pglite/pglite.data" {
  const path: string;
  export default path;
}
declare module "*.txt.gz" {
  const path: string;
  export default path;
}
