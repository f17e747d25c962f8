// For a page that embeds BLR Playground iframes (index.html?embed…): sets each iframe's height
// to the height its embed asks for (posted by main.js as {type: 'blr-playground:height'}).
// Use: <script src="…/embed-resize.js" async></script> anywhere on the page. Only messages from
// an iframe's own window resize that iframe, and only to 100…10000 px.
addEventListener('message', (e) => {
  if (e.data?.type !== 'blr-playground:height') return;
  const px = Math.round(Number(e.data.height));
  if (!(px >= 100 && px <= 10000)) return;
  for (const f of document.getElementsByTagName('iframe')) if (f.contentWindow === e.source) f.height = String(px);
});
