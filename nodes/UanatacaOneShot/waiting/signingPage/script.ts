/**
 * The signing page's only script, inlined with its CSP nonce: the countdown before a new code may
 * be requested, and one submission per form (a double click sends once). The page works without
 * it.
 */
export const PAGE_SCRIPT = `(function(){
var root=document.documentElement;
var working=root.getAttribute('data-working')||'';
var b=document.querySelector('[data-cooldown]');
if(b){var out=b.querySelector('.countdown');var label=b.getAttribute('data-label')||'';
var end=Date.now()+(parseInt(b.getAttribute('data-cooldown'),10)||0)*1000;
var shown=-1;var tick=function(){var left=Math.max(0,Math.ceil((end-Date.now())/1000));
if(left>0){if(left!==shown){shown=left;b.disabled=true;out.textContent=' ('+label+' '+Math.floor(left/60)+':'+('0'+(left%60)).slice(-2)+')';}requestAnimationFrame(tick);}
else{b.disabled=false;out.textContent='';}};tick();}
var forms=document.querySelectorAll('form');
for(var i=0;i<forms.length;i++){forms[i].addEventListener('submit',function(e){
var f=e.target;if(f.getAttribute('data-sent')){e.preventDefault();return;}f.setAttribute('data-sent','1');
var s=f.querySelector('button[type=submit]');if(s){s.setAttribute('aria-busy','true');s.textContent=working;}});}
})();`;
