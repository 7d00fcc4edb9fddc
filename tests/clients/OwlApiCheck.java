// Independent-client check of CALCO's release files with the OWL API (what Protege and ROBOT use).
//
// Usage: java -cp OWLAPI_JARS:. OwlApiCheck [--strict] [--autodetect] FILE...
//   --strict      OWLAPI's strict parsing mode (to show its known failure on correct files)
//   --autodetect  let OWLAPI guess every format (to show its known JSON-LD misdetection)
// For each file it prints tab-separated lines that tests/test_clients.py reads:
//   file      <path>
//   format    <document format OWLAPI parsed>
//   violation <OWL 2 DL profile violation>        (none expected)
//   undeclared <entity>                            (entity used but not declared; none expected)
//   axiom     <logical axiom, functional syntax>   (compared across serialisations)
//   annotation <subject> <property> <literal text>  (annotation assertions with a literal value)
//   count     <axiom type> <n>
//   error     <message>                            (the file did not load)
// Parsing is OWLAPI's default (lax) mode: in 5.1.20 its strict mode drops the existential
// restriction of a five-line correct file (OWLAPI's bug, pinned by a test); the DL profile check
// is the strict test. JSON-LD and OBO files are given their format rather than left to OWLAPI's
// guessing by content, so a misdetection cannot pass for a bad file. JSON-LD needs jsonld-java on
// the class path, which Debian's libowlapi-java does not depend on (the test adds it).
// Nothing is fetched: imports are not followed (CALCO's releases have none).

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFJsonLDDocumentFormat;
import org.semanticweb.owlapi.formats.OBODocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLAnnotationAssertionAxiom;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public final class OwlApiCheck {
    private static boolean strict = false;
    private static boolean autodetect = false;

    public static void main(String[] args) {
        for (String path : args) {
            if (path.equals("--strict")) {
                strict = true;
                continue;
            }
            if (path.equals("--autodetect")) {
                autodetect = true;
                continue;
            }
            System.out.println("file\t" + path);
            try {
                check(new File(path));
            } catch (Exception e) {
                System.out.println("error\t" + oneLine(e.toString()));
            }
        }
    }

    private static void check(File file) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setFollowRedirects(false)
            .setStrict(strict);
        String name = file.getName();
        FileDocumentSource source;
        if (autodetect) {
            source = new FileDocumentSource(file);
        } else if (name.endsWith(".jsonld")) {
            source = new FileDocumentSource(file, new RDFJsonLDDocumentFormat());
        } else if (name.endsWith(".obo")) {
            source = new FileDocumentSource(file, new OBODocumentFormat());
        } else {
            source = new FileDocumentSource(file);
        }
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(source, config);
        System.out.println("format\t" + manager.getOntologyFormat(ontology).getKey());
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println("violation\t" + oneLine(violation.toString()));
        }
        for (OWLEntity entity : ontology.getSignature(Imports.INCLUDED)) {
            if (!entity.isBuiltIn() && !ontology.isDeclared(entity, Imports.INCLUDED)) {
                System.out.println("undeclared\t" + entity.getEntityType() + " " + entity.getIRI());
            }
        }
        List<String> axioms = new ArrayList<>();
        for (OWLAxiom axiom : ontology.getLogicalAxioms()) {
            axioms.add(oneLine(axiom.getAxiomWithoutAnnotations().toString()));
        }
        axioms.sort(null);
        for (String axiom : axioms) {
            System.out.println("axiom\t" + axiom);
        }
        List<String> annotations = new ArrayList<>();
        for (OWLAnnotationAssertionAxiom axiom : ontology.getAxioms(AxiomType.ANNOTATION_ASSERTION)) {
            if (axiom.getValue().asLiteral().isPresent()) {
                annotations.add(axiom.getSubject() + "\t" + axiom.getProperty().getIRI() + "\t"
                    + oneLine(axiom.getValue().asLiteral().get().getLiteral()));
            }
        }
        annotations.sort(null);
        for (String annotation : annotations) {
            System.out.println("annotation\t" + annotation);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (OWLAxiom axiom : ontology.getAxioms()) {
            counts.merge(axiom.getAxiomType().getName(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            System.out.println("count\t" + entry.getKey() + "\t" + entry.getValue());
        }
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
