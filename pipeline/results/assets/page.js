/* A document's page: layer toggles, an entity's mentions marked on click with its correction lines (fixes.js),
   sortable tables; sets <body data-ready> when done. */
(function(){
  var body=document.body;
  document.querySelectorAll('input[data-layer]').forEach(function(box){
    box.addEventListener('change',function(){body.classList.toggle('hide-'+box.dataset.layer,!box.checked);});
  });
  document.addEventListener('click',function(ev){
    var el=ev.target.closest?ev.target.closest('.ent[data-id]'):null;
    var on=el&&!el.classList.contains('sel');
    document.querySelectorAll('.ent.sel').forEach(function(x){x.classList.remove('sel');});
    if(on){document.querySelectorAll('.ent[data-id="'+CSS.escape(el.dataset.id)+'"]').forEach(function(x){x.classList.add('sel');});}
    var panel=document.getElementById('fix-panel');
    if(on&&panel&&window.pipelineFixes){
      panel.textContent='';
      var what=document.createElement('p');what.className='fixwhat small';
      what.textContent=el.dataset.normal+' · '+el.dataset.id;panel.appendChild(what);
      window.pipelineFixes.fill(panel,'mention',{entity_id:el.dataset.id,doc_id:panel.dataset.doc,
        sent_id:Number(el.dataset.sent),start:Number(el.dataset.start),normal:el.dataset.normal});
    }
  });
  document.querySelectorAll('th[data-sort]').forEach(function(th){
    th.addEventListener('click',function(){
      var table=th.closest('table'),tbody=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
      var dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';
      var rows=Array.prototype.slice.call(tbody.rows);
      rows.sort(function(a,b){
        var x=a.cells[i]?(a.cells[i].dataset.v||a.cells[i].textContent):'',y=b.cells[i]?(b.cells[i].dataset.v||b.cells[i].textContent):'';
        var nx=parseFloat(x),ny=parseFloat(y);
        if(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())return (nx-ny)*dir;
        return x.localeCompare(y)*dir;
      });
      rows.forEach(function(r){tbody.appendChild(r);});
    });
  });
  window.addEventListener('load',function(){
    var imgs=document.images,ok=0;
    for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}
    body.dataset.images=ok+'/'+imgs.length;
  });
  body.dataset.ready='1';
})();
