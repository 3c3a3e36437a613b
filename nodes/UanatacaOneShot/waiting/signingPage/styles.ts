/**
 * The signing page's style sheet, inlined into the page with its CSP nonce (no file is served).
 * Colours of the accent come as CSS variables set by the renderer: --accent, --on-accent, --link.
 */
export const PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1.25rem;border-top:6px solid var(--accent)}
header{display:flex;flex-direction:column;align-items:flex-start;gap:.5rem;margin-bottom:.5rem}
.logo{max-height:48px;max-width:160px;object-fit:contain}
h1{font-size:1.45rem;line-height:1.25;margin:.25rem 0}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
.steps{display:flex;gap:.25rem;list-style:none;padding:0;margin:.75rem 0 1rem;font-size:.85rem}
.steps li{flex:1;text-align:center;padding:.35rem .25rem;border-bottom:3px solid #d1d5db;color:#6b7280}
.steps li.done{border-color:var(--accent);color:#111827}
.steps li[aria-current]{border-color:var(--accent);color:#111827;font-weight:600}
.message{background:#f9fafb;border-left:4px solid var(--accent);padding:.5rem .75rem;margin:.75rem 0}
.docs{list-style:none;padding:0;margin:0}
.docs li{border:1px solid #e5e7eb;border-radius:8px;margin:.4rem 0}
.docs a{display:flex;align-items:center;gap:.6rem;padding:.7rem .8rem;text-decoration:none;min-height:44px}
.docs a:hover,.docs a:focus{background:#f9fafb}
.docs .badge{flex:none;font-size:.7rem;font-weight:700;color:#b91c1c;border:1px solid #fca5a5;border-radius:4px;padding:.05rem .3rem}
.docs .name{flex:1;color:#111827;word-break:break-word}
.docs .open{flex:none;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
form{margin:1rem 0 0}
.check{display:flex;gap:.6rem;align-items:flex-start;padding:.6rem 0}
.check input{width:1.35rem;height:1.35rem;margin:.1rem 0 0;flex:none;accent-color:var(--accent)}
label.field{display:block;font-weight:600;margin:.25rem 0}
input.code{width:100%;font-size:1.5rem;letter-spacing:.2em;padding:.6rem .75rem;border:2px solid #9ca3af;border-radius:8px}
input.code:focus{outline:3px solid var(--accent);outline-offset:1px}
.hint{color:#4b5563;font-size:.9rem;margin:.25rem 0 .5rem}
.spaced{margin-top:.75rem}
#resend-form{margin-top:.75rem}
button{font:inherit;font-weight:600;min-height:48px;width:100%;border-radius:8px;padding:.7rem 1rem;cursor:pointer}
button.primary{background:var(--accent);color:var(--on-accent);border:0}
button.secondary{background:#fff;color:#111827;border:2px solid #d1d5db}
button:disabled{opacity:.6;cursor:default}
button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.notice{border-radius:8px;padding:.7rem .8rem;margin:.75rem 0}
.notice.error{background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d}
.notice.info{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a}
.outcome{font-size:1.05rem}
.icon{width:3rem;height:3rem;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:1.6rem;font-weight:700;margin:.25rem 0 .5rem}
.icon.ok{background:#dcfce7;color:#166534}
.icon.stop{background:#fee2e2;color:#991b1b}
.icon.wait{border:4px solid #e5e7eb;border-top-color:var(--accent);animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.icon.wait{animation:none}}
.small{font-size:.85rem;color:#4b5563}
footer{margin:1rem 0 2rem;text-align:center;font-size:.8rem;color:#6b7280}
@media (min-width:40rem){main{padding:2rem 1rem}.card{padding:2rem}}
`;
