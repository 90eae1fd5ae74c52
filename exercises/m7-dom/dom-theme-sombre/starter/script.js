// À chaque clic sur #theme, ajoute ou enlève la classe "sombre" sur <body>.
const bouton = document.querySelector("#theme");
