/** The product's name and mark, a link home: on the sidebar and on the signed-out pages' card. */
export function Brand() {
  return (
    <a href="/" class="brand">
      <span class="brand-mark" aria-hidden="true">
        D
      </span>
      <span class="brand-name">Datta Dashboard</span>
    </a>
  );
}
