// Les données de l'agenda (elles viendraient d'un serveur sur un vrai site).
const evenements = [
  { date: "12/04", titre: "Repair Café" },
  { date: "19/04", titre: "Soirée jeux" },
  { date: "26/04", titre: "Atelier <code> pour débutants" },
  { date: "03/05", titre: "Troc de plantes" },
  { date: "10/05", titre: "Concert des élèves" },
];
